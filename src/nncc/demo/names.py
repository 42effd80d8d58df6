"""Names of the demo's persons, as agencies write them: Latin spelling variants and Urdu script.

A name is a list of tokens; each token has the Latin spellings seen in reports (the first is the
most common) and its Urdu spelling. The same person written by two agencies differs the way real
reports do: Muhammad / Mohammad / Mohd., Hussain / Hussein, Yousafzai / Yusufzai, a dropped
surname, capitals, Urdu only.
"""

from __future__ import annotations

import random

T = dict[str, tuple[list[str], str]]

GIVEN: T = {
    "muhammad": (["Muhammad", "Mohammad", "Mohammed", "Muhammed", "Mohd.", "M."], "محمد"),
    "ahmad": (["Ahmad", "Ahmed"], "احمد"),
    "ali": (["Ali"], "علی"),
    "hassan": (["Hassan", "Hasan"], "حسن"),
    "hussain": (["Hussain", "Hussein", "Husain"], "حسین"),
    "imran": (["Imran"], "عمران"),
    "asif": (["Asif", "Aasif"], "آصف"),
    "tariq": (["Tariq", "Tarik"], "طارق"),
    "khalid": (["Khalid", "Khaled"], "خالد"),
    "bilal": (["Bilal"], "بلال"),
    "usman": (["Usman", "Osman"], "عثمان"),
    "shahid": (["Shahid"], "شاہد"),
    "zahid": (["Zahid"], "زاہد"),
    "naveed": (["Naveed", "Navid"], "نوید"),
    "rashid": (["Rashid", "Rasheed"], "راشد"),
    "sajid": (["Sajid"], "ساجد"),
    "waqas": (["Waqas", "Waqqas"], "وقاص"),
    "junaid": (["Junaid"], "جنید"),
    "kamran": (["Kamran"], "کامران"),
    "abdul_rehman": (["Abdul Rehman", "Abdur Rahman", "Abdul Rahman"], "عبدالرحمن"),
    "abdullah": (["Abdullah", "Abdulla"], "عبداللہ"),
    "gul": (["Gul", "Gull"], "گل"),
    "noor": (["Noor", "Nur"], "نور"),
    "sher": (["Sher"], "شیر"),
    "zafar": (["Zafar", "Zaffar"], "ظفر"),
    "akbar": (["Akbar"], "اکبر"),
    "aslam": (["Aslam"], "اسلم"),
    "iqbal": (["Iqbal"], "اقبال"),
    "javed": (["Javed", "Javaid"], "جاوید"),
    "nadeem": (["Nadeem", "Nadim"], "ندیم"),
    "saleem": (["Saleem", "Salim"], "سلیم"),
    "yasir": (["Yasir", "Yasser"], "یاسر"),
    "irfan": (["Irfan"], "عرفان"),
    "faisal": (["Faisal", "Faysal"], "فیصل"),
    "sohail": (["Sohail", "Suhail"], "سہیل"),
    "wali": (["Wali"], "ولی"),
    "rahim": (["Rahim", "Raheem"], "رحیم"),
    "karim": (["Karim", "Kareem"], "کریم"),
    "jamal": (["Jamal"], "جمال"),
    "naseer": (["Naseer", "Nasir"], "نصیر"),
    "bashir": (["Bashir", "Basheer"], "بشیر"),
    "qadir": (["Qadir", "Kadir", "Qader"], "قادر"),
    "habib": (["Habib", "Habeeb"], "حبیب"),
    "amjad": (["Amjad"], "امجد"),
    "arshad": (["Arshad"], "ارشد"),
    "mushtaq": (["Mushtaq"], "مشتاق"),
    "shakeel": (["Shakeel", "Shakil"], "شکیل"),
    "rafiq": (["Rafiq", "Rafique"], "رفیق"),
    "ghulam": (["Ghulam"], "غلام"),
    "rasool": (["Rasool", "Rasul"], "رسول"),
    "mehmood": (["Mehmood", "Mahmood", "Mahmud"], "محمود"),
    "raza": (["Raza"], "رضا"),
    "abbas": (["Abbas"], "عباس"),
    "jan": (["Jan", "Jaan"], "جان"),
    "dad": (["Dad"], "داد"),
    "ghani": (["Ghani"], "غنی"),
    "nawaz": (["Nawaz"], "نواز"),
    "fazal": (["Fazal", "Fazl"], "فضل"),
    "hayat": (["Hayat"], "حیات"),
    "najibullah": (["Najibullah", "Najeebullah", "Najib Ullah"], "نجیب اللہ"),
    "hayatullah": (["Hayatullah", "Hayat Ullah"], "حیات اللہ"),
    "rahmatullah": (["Rahmatullah", "Rehmatullah", "Rahmat Ullah"], "رحمت اللہ"),
    "zabihullah": (["Zabihullah", "Zabiullah"], "ذبیح اللہ"),
    "samiullah": (["Samiullah", "Sami Ullah"], "سمیع اللہ"),
    "ehsanullah": (["Ehsanullah", "Ihsanullah"], "احسان اللہ"),
    "noorullah": (["Noorullah", "Nurullah"], "نوراللہ"),
    "habibullah": (["Habibullah", "Habib Ullah"], "حبیب اللہ"),
    "saifullah": (["Saifullah", "Saif Ullah"], "سیف اللہ"),
    "ezatullah": (["Ezatullah", "Izzatullah"], "عزت اللہ"),
    "wahidullah": (["Wahidullah", "Waheedullah"], "وحید اللہ"),
    "mirwais": (["Mirwais", "Mir Wais"], "میرویس"),
    "agha": (["Agha", "Aga"], "آغا"),
    "abdul_wali": (["Abdul Wali", "Abdulwali"], "عبدالولی"),
    "abdul_qadir": (["Abdul Qadir", "Abdul Kadir", "Abdulqadir"], "عبدالقادر"),
    "abdul_ghafoor": (["Abdul Ghafoor", "Abdul Ghafur"], "عبدالغفور"),
    "abdul_ghani": (["Abdul Ghani", "Abdulghani"], "عبدالغنی"),
    "abdul_samad": (["Abdul Samad"], "عبدالصمد"),
    "reza": (["Reza"], "رضا"),
    "hossein": (["Hossein", "Hosein", "Hussain"], "حسین"),
    "mohsen": (["Mohsen", "Muhsin"], "محسن"),
    "mehdi": (["Mehdi", "Mahdi"], "مہدی"),
    "ismail": (["Ismail", "Esmail"], "اسماعیل"),
    "yaqub": (["Yaqub", "Yaghoob"], "یعقوب"),
    # women
    "shazia": (["Shazia"], "شازیہ"),
    "nasreen": (["Nasreen", "Nasrin"], "نسرین"),
    "rukhsana": (["Rukhsana"], "رخسانہ"),
    "parveen": (["Parveen", "Perveen"], "پروین"),
    "zainab": (["Zainab", "Zaynab"], "زینب"),
    "fatima": (["Fatima", "Fatema"], "فاطمہ"),
    "samina": (["Samina", "Sameena"], "ثمینہ"),
    "kausar": (["Kausar", "Kosar"], "کوثر"),
    "naseem": (["Naseem", "Nasim"], "نسیم"),
    "bibi": (["Bibi"], "بی بی"),
    "bano": (["Bano", "Banu"], "بانو"),
    "zarmina": (["Zarmina"], "زرمینہ"),
    "shabana": (["Shabana"], "شبانہ"),
}

SURNAMES: T = {
    "khan": (["Khan"], "خان"),
    "afridi": (["Afridi", "Apridi"], "آفریدی"),
    "yousafzai": (["Yousafzai", "Yusufzai", "Yousufzai"], "یوسفزئی"),
    "khattak": (["Khattak", "Khatak"], "خٹک"),
    "achakzai": (["Achakzai", "Achakzay"], "اچکزئی"),
    "kakar": (["Kakar", "Kakkar"], "کاکڑ"),
    "shinwari": (["Shinwari", "Shinwary"], "شنواری"),
    "mohmand": (["Mohmand", "Momand"], "مہمند"),
    "wazir": (["Wazir"], "وزیر"),
    "mehsud": (["Mehsud", "Mahsud", "Masood"], "محسود"),
    "bangash": (["Bangash"], "بنگش"),
    "orakzai": (["Orakzai", "Orakzay"], "اورکزئی"),
    "durrani": (["Durrani"], "درانی"),
    "tareen": (["Tareen", "Tarin"], "ترین"),
    "noorzai": (["Noorzai", "Nurzai"], "نورزئی"),
    "barakzai": (["Barakzai"], "بارکزئی"),
    "popalzai": (["Popalzai"], "پوپلزئی"),
    "ishaqzai": (["Ishaqzai", "Eshaqzai"], "اسحاق زئی"),
    "alikozai": (["Alikozai", "Alokozai"], "علیکوزئی"),
    "safi": (["Safi"], "صافی"),
    "ahmadzai": (["Ahmadzai", "Ahmedzai"], "احمدزئی"),
    "baloch": (["Baloch", "Baluch", "Balouch"], "بلوچ"),
    "marri": (["Marri"], "مری"),
    "bugti": (["Bugti"], "بگٹی"),
    "mengal": (["Mengal"], "مینگل"),
    "rind": (["Rind"], "رند"),
    "raisani": (["Raisani", "Raeesani"], "رئیسانی"),
    "zehri": (["Zehri"], "زہری"),
    "notezai": (["Notezai", "Notizai"], "نوتیزئی"),
    "butt": (["Butt", "Bhatt"], "بٹ"),
    "chaudhry": (["Chaudhry", "Chaudhary", "Ch."], "چوہدری"),
    "malik": (["Malik"], "ملک"),
    "awan": (["Awan"], "اعوان"),
    "gujjar": (["Gujjar", "Gujar"], "گجر"),
    "qureshi": (["Qureshi", "Kureshi"], "قریشی"),
    "sheikh": (["Sheikh", "Shaikh"], "شیخ"),
    "ansari": (["Ansari"], "انصاری"),
    "mirza": (["Mirza"], "مرزا"),
    "siddiqui": (["Siddiqui", "Siddiqi"], "صدیقی"),
    "memon": (["Memon"], "میمن"),
    "soomro": (["Soomro", "Sumro"], "سومرو"),
    "jatoi": (["Jatoi"], "جتوئی"),
    "mangi": (["Mangi"], "منگی"),
    "abbasi": (["Abbasi"], "عباسی"),
    "chandio": (["Chandio"], "چانڈیو"),
    "khoso": (["Khoso"], "کھوسو"),
    "brohi": (["Brohi"], "بروہی"),
    "shah": (["Shah"], "شاہ"),
    "baig": (["Baig", "Beg"], "بیگ"),
    "rigi": (["Rigi"], "ریگی"),
    "narouei": (["Narouei", "Naroui"], "نارویی"),
    "shahbakhsh": (["Shahbakhsh", "Shah Bakhsh"], "شاہ بخش"),
    "karimi": (["Karimi"], "کریمی"),
}

_COMMON = ["ali", "asif", "imran", "tariq", "khalid", "bilal", "usman", "naveed", "rashid"]
_COMMON += ["sajid", "iqbal", "javed", "nadeem", "saleem", "irfan", "faisal", "qadir", "habib"]
_PASHTUN = [*_COMMON, "gul", "noor", "sher", "zafar", "akbar", "wali", "rahim", "karim"]
_PASHTUN += ["jamal", "naseer", "bashir", "fazal", "hayat", "samiullah", "hayatullah"]
_PASHTUN += ["rahmatullah", "saifullah", "abdullah", "abdul_ghani", "hussain"]
_BALOCH = [*_COMMON, "dad", "jan", "karim", "rahim", "abdul_ghani", "abdul_samad", "bashir"]
_BALOCH += ["ghulam", "naseer", "hassan", "akbar"]
_PUNJABI = [*_COMMON, "ahmad", "hassan", "hussain", "shahid", "zahid", "waqas", "junaid"]
_PUNJABI += ["kamran", "abdul_rehman", "aslam", "yasir", "sohail", "amjad", "arshad"]
_PUNJABI += ["mushtaq", "shakeel", "rafiq", "mehmood", "raza", "abbas", "nawaz"]
_SINDHI = [*_PUNJABI, "ghulam", "rasool", "abdullah", "bashir"]
_AFGHAN = ["najibullah", "hayatullah", "rahmatullah", "zabihullah", "samiullah", "ehsanullah"]
_AFGHAN += ["noorullah", "habibullah", "saifullah", "ezatullah", "wahidullah", "mirwais"]
_AFGHAN += ["abdul_wali", "abdul_qadir", "abdul_ghafoor", "gul", "noor", "agha", "wali"]
_AFGHAN += ["sher", "ahmad"]
_IRANIAN = ["reza", "hossein", "mohsen", "mehdi", "ismail", "yaqub", "abdul_ghafoor", "karim"]
_WOMEN = ["shazia", "nasreen", "rukhsana", "parveen", "zainab", "fatima", "samina", "kausar"]
_WOMEN += ["naseem", "shabana"]
_AFGHAN_WOMEN = ["zarmina", "zainab", "fatima", "shabana", "nasreen"]


def _words(text: str) -> list[str]:
    return text.split()


#: (given-name pool, surname pool, chance of a surname, chance of a leading "Muhammad")
GROUPS: dict[str, tuple[list[str], list[str], float, float]] = {
    "pashtun": (
        _PASHTUN,
        _words(
            "khan khan afridi yousafzai khattak shinwari mohmand wazir mehsud bangash orakzai "
            "kakar achakzai tareen durrani"
        ),
        0.8,
        0.35,
    ),
    "baloch": (
        _BALOCH,
        _words("baloch baloch marri bugti mengal rind raisani zehri notezai"),
        0.75,
        0.3,
    ),
    "punjabi": (
        _PUNJABI,
        _words("butt chaudhry malik awan gujjar qureshi sheikh ansari mirza siddiqui abbasi"),
        0.55,
        0.45,
    ),
    "sindhi": (
        _SINDHI,
        _words("memon soomro jatoi mangi chandio khoso brohi shah qureshi sheikh abbasi"),
        0.7,
        0.3,
    ),
    "gilgiti": ([*_COMMON, "hussain", "abbas", "raza"], ["baig", "shah", "khan"], 0.7, 0.2),
    "afghan": (
        _AFGHAN,
        _words(
            "noorzai achakzai popalzai barakzai ishaqzai alikozai shinwari mohmand safi ahmadzai "
            "kakar"
        ),
        0.45,
        0.1,
    ),
    "iranian": (_IRANIAN, ["rigi", "narouei", "shahbakhsh", "baloch", "karimi"], 0.9, 0.0),
}

#: names of nationals from beyond the region, written in Latin only: (name, sex)
FOREIGN = {
    "NG": [
        ("Chukwuemeka Okafor", "M"),
        ("Ifeanyi Eze", "M"),
        ("Oluwaseun Adeyemi", "M"),
        ("Emeka Nwosu", "M"),
        ("Chinedu Obi", "M"),
        ("Uchenna Okonkwo", "M"),
        ("Ngozi Eze", "F"),
    ],
    "TZ": [("Juma Hamisi", "M"), ("Rashidi Mwakyusa", "M"), ("Halima Juma", "F")],
    "BD": [("Md. Rafiqul Islam", "M"), ("Abdul Karim Mia", "M"), ("Shahidul Haque", "M")],
    "GB": [("Imran Hussain", "M"), ("Adeel Ahmed", "M")],
    "CN": [("Wang Lei", "M"), ("Zhang Wei", "M"), ("Li Qiang", "M")],
    "LK": [("Mohamed Rizwan", "M"), ("Nuwan Perera", "M")],
    "UG": [("Sarah Nakato", "F"), ("Ivan Mugisha", "M")],
    "KE": [("Brian Otieno", "M")],
}

ALIASES = ["Lala", "Haji", "Kaka", "Chacha", "Ustad", "Doctor", "Malang", "Bhola", "Kala"]


def tokens_for(rng: random.Random, group: str, sex: str) -> tuple[list[str], str | None]:
    """Given-name tokens and a surname token (or None) for a person of a naming group."""
    pool, surnames, surname_chance, muhammad_chance = GROUPS[group]
    if sex == "F":
        women = _AFGHAN_WOMEN if group in ("afghan",) else _WOMEN
        given = [rng.choice(women)]
        if rng.random() < 0.3:
            given.append(rng.choice(["bibi", "bano"]) if group == "afghan" else "bibi")
        return given, rng.choice(surnames) if rng.random() < surname_chance * 0.5 else None
    given = [rng.choice(pool)]
    if rng.random() < muhammad_chance and given[0] != "muhammad":
        given.insert(0, "muhammad")
    elif rng.random() < 0.15:
        second = rng.choice(pool)
        if second != given[0]:
            given.append(second)
    surname = rng.choice(surnames) if rng.random() < surname_chance else None
    return given, surname


def _token(key: str) -> tuple[list[str], str]:
    return GIVEN.get(key) or SURNAMES[key]


def latin(rng: random.Random, tokens: list[str], *, faithful: float = 0.7) -> str:
    """One way of writing the tokens in Latin script; ``faithful`` is the chance of the most
    common spelling of each token."""
    words = []
    for key in tokens:
        spellings = _token(key)[0]
        words.append(spellings[0] if rng.random() < faithful else rng.choice(spellings))
    text = " ".join(words)
    return text.upper() if rng.random() < 0.08 else text


def urdu(tokens: list[str]) -> str:
    return " ".join(_token(key)[1] for key in tokens)
