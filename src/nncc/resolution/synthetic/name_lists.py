"""Name material for the synthetic benchmark: Latin spellings, Urdu script and how common each is.

Written for this benchmark (not taken from a name database). Each *unit* is one name as a person
bears it — a single word ("Asif"), or a compound written as one or several words ("Abdul Rehman",
"Rahmatullah", "Allah Ditta"). A unit has the Latin spellings seen in reports, the first being the
most usual, and its Urdu spelling. The role tables say how often a unit is chosen for a part of a
name by one community; the weights are heavy-tailed on purpose, so that "Muhammad", "Khan",
"Gul" and "Ali" crowd the data the way they crowd real registers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    key: str
    latin: tuple[str, ...]  # spellings, most usual first
    urdu: str


# key: Latin spellings, comma-separated = Urdu
_UNITS = """
muhammad: Muhammad, Mohammad, Mohammed, Muhammed, Mohd, Md, Mohamad, Muhamad = محمد
ghulam: Ghulam, Gulam, Gholam = غلام
syed: Syed, Sayed, Sayyed, Said = سید
ahmad: Ahmad, Ahmed = احمد
ali: Ali = علی
hassan: Hassan, Hasan = حسن
hussain: Hussain, Hussein, Husain, Hussian, Hosain = حسین
asif: Asif, Aasif, Asef = آصف
arif: Arif, Aarif = عارف
atif: Atif, Aatif = عاطف
imran: Imran, Imraan = عمران
irfan: Irfan, Irfaan = عرفان
rizwan: Rizwan, Rizwaan, Rizvan = رضوان
kamran: Kamran, Kamraan = کامران
usman: Usman, Osman, Usmaan = عثمان
umar: Umar, Umer, Omar, Omer = عمر
bilal: Bilal, Belal = بلال
tariq: Tariq, Tarik, Tareq = طارق
khalid: Khalid, Khaled = خالد
shahid: Shahid, Shahed = شاہد
zahid: Zahid, Zahed = زاہد
sajid: Sajid, Saajid = ساجد
majid: Majid, Maajid = ماجد
wajid: Wajid, Waajid = واجد
naveed: Naveed, Navid, Naweed = نوید
javed: Javed, Javaid, Jawed = جاوید
waheed: Waheed, Wahid, Waheed = وحید
saeed: Saeed, Sayeed, Saied = سعید
rasheed: Rasheed, Rashid = رشید
nadeem: Nadeem, Nadim = ندیم
saleem: Saleem, Salim = سلیم
naeem: Naeem, Naim = نعیم
akram: Akram = اکرم
aslam: Aslam, Aslum = اسلم
arshad: Arshad = ارشد
amjad: Amjad, Amjed = امجد
iqbal: Iqbal, Ikbal, Iqbaal = اقبال
ashraf: Ashraf, Ashruf = اشرف
anwar: Anwar, Anwer, Anvar = انور
akhtar: Akhtar, Akhter = اختر
azam: Azam, Aazam, Azum = اعظم
ijaz: Ijaz, Ejaz, Aijaz = اعجاز
riaz: Riaz, Riyaz = ریاض
fayyaz: Fayyaz, Fayaz, Faiyaz = فیاض
imtiaz: Imtiaz, Imtiyaz = امتیاز
mumtaz: Mumtaz, Mumtaaz = ممتاز
shahzad: Shahzad, Shehzad, Shahzaad = شہزاد
farhan: Farhan, Farhaan = فرحان
adnan: Adnan, Adnaan = عدنان
faisal: Faisal, Faysal, Faisel = فیصل
junaid: Junaid, Junaed = جنید
waqas: Waqas, Waqqas, Waqaas = وقاص
yasir: Yasir, Yasser, Yaser = یاسر
zubair: Zubair, Zuber, Zubeir = زبیر
qasim: Qasim, Kasim, Qaasim = قاسم
hamza: Hamza, Hamzah = حمزہ
haroon: Haroon, Harun, Haroun = ہارون
idrees: Idrees, Idris = ادریس
ilyas: Ilyas, Elias, Ilyaas = الیاس
ishaq: Ishaq, Ishaque, Ishak = اسحاق
ismail: Ismail, Ismael, Esmail = اسماعیل
yousaf: Yousaf, Yousuf, Yusuf, Yousef, Yusaf = یوسف
yaqoob: Yaqoob, Yaqub, Yakoob, Yaqoub = یعقوب
younas: Younas, Younis, Yunus, Yunis = یونس
ibrahim: Ibrahim, Ebrahim, Ibraheem = ابراہیم
daud: Daud, Dawood, Dawud, Daoud = داؤد
sultan: Sultan, Sultaan = سلطان
mehmood: Mehmood, Mahmood, Mahmud, Mehmud = محمود
masood: Masood, Masud, Masoud = مسعود
akbar: Akbar, Akber = اکبر
afzal: Afzal, Afzaal = افضل
fazal: Fazal, Fazl, Fazel = فضل
abbas: Abbas, Abas = عباس
raza: Raza, Reza = رضا
haider: Haider, Hyder, Haidar = حیدر
jafar: Jafar, Jaffar, Jafer = جعفر
rauf: Rauf, Raoof, Rauff = رؤف
latif: Latif, Lateef = لطیف
hameed: Hameed, Hamid, Hamed = حمید
sarwar: Sarwar, Sarwer = سرور
nawaz: Nawaz, Nawaaz = نواز
shahbaz: Shahbaz, Shehbaz, Shahbaaz = شہباز
qadir: Qadir, Qader, Kadir = قادر
karim: Karim, Kareem = کریم
rahim: Rahim, Raheem = رحیم
nasir: Nasir, Naser, Nassir = ناصر
naseer: Naseer, Nasseer = نصیر
liaqat: Liaqat, Liaquat, Liyaqat = لیاقت
shaukat: Shaukat, Shoukat, Showkat = شوکت
nisar: Nisar, Nissar = نثار
mushtaq: Mushtaq, Mushtaque, Mushtak = مشتاق
mukhtar: Mukhtar, Mukhtiar, Mukhtaar = مختار
zulfiqar: Zulfiqar, Zulfikar, Zulfiqaar = ذوالفقار
sikandar: Sikandar, Sikander = سکندر
shafiq: Shafiq, Shafique, Shafeeq = شفیق
rafiq: Rafiq, Rafique, Rafeeq = رفیق
waseem: Waseem, Wasim = وسیم
tahir: Tahir, Taahir = طاہر
zafar: Zafar, Zaffar = ظفر
mansoor: Mansoor, Mansur = منصور
nazir: Nazir, Nazeer = نذیر
bashir: Bashir, Basheer = بشیر
munir: Munir, Muneer = منیر
shabbir: Shabbir, Shabir = شبیر
jamil: Jamil, Jameel = جمیل
kashif: Kashif, Kaashif = کاشف
sohail: Sohail, Suhail = سہیل
adil: Adil, Aadil = عادل
ehsan: Ehsan, Ahsan, Ihsan = احسان
amir: Amir, Aamir, Aamer, Amer = عامر
mustafa: Mustafa, Mustafa, Mustapha = مصطفیٰ
murtaza: Murtaza, Murtuza = مرتضیٰ
rasool: Rasool, Rasul = رسول
nabi: Nabi = نبی
farid: Farid, Fareed = فرید
yasin: Yasin, Yaseen = یاسین
sakhi: Sakhi, Sakhee = سخی
jawad: Jawad, Jawwad = جواد
zahir: Zahir, Zaheer, Zahir = ظاہر
najib: Najib, Najeeb = نجیب
gul: Gul, Gull = گل
sher: Sher, Shair, Shir = شیر
noor: Noor, Nur = نور
zar: Zar, Zarr = زر
bakht: Bakht, Bakhat = بخت
mir: Mir, Meer = میر
shah: Shah, Shaah = شاہ
sahib: Sahib, Saheb = صاحب
taj: Taj, Taaj = تاج
hazrat: Hazrat, Hazarat = حضرت
wali: Wali, Walli = ولی
zaman: Zaman, Zamaan = زمان
zada: Zada, Zadah, Zaada = زادہ
rahman: Rahman, Rehman, Rehmaan = رحمان
jan: Jan, Jaan = جان
agha: Agha, Aga, Aagha = آغا
khan: Khan = خان
alam: Alam, Aalam = عالم
jamal: Jamal, Jamaal = جمال
dilawar: Dilawar, Dilawer = دلاور
bahadur: Bahadur, Bahadar = بہادر
momin: Momin, Moamin = مومن
nawab: Nawab, Nawaab = نواب
zarin: Zarin, Zareen = زرین
ajmal: Ajmal, Ajmel = اجمل
dad: Dad, Daad = داد
hazar: Hazar, Hazaar = ہزار
rabbi: Rabbi, Rabi = ربی
haq: Haq, Haque, Hak = حق
asfandyar: Asfandyar, Isfandyar, Asfandiyar = اسفندیار
rahmatullah: Rahmatullah, Rehmatullah, Rahmat Ullah, Rehmat Ullah = رحمت اللہ
inayatullah: Inayatullah, Inayat Ullah, Enayatullah = عنایت اللہ
saifullah: Saifullah, Saif Ullah, Sayfullah = سیف اللہ
hidayatullah: Hidayatullah, Hidayat Ullah, Hedayatullah = ہدایت اللہ
ihsanullah: Ihsanullah, Ehsanullah, Ihsan Ullah = احسان اللہ
asadullah: Asadullah, Asad Ullah = اسد اللہ
habibullah: Habibullah, Habib Ullah, Habeebullah = حبیب اللہ
naqibullah: Naqibullah, Naqeebullah, Naqib Ullah = نقیب اللہ
najibullah: Najibullah, Najeebullah, Najib Ullah = نجیب اللہ
zabiullah: Zabiullah, Zabihullah, Zabiullah = ذبیح اللہ
sanaullah: Sanaullah, Sana Ullah, Sanaulla = ثناء اللہ
attaullah: Attaullah, Ataullah, Atta Ullah = عطاء اللہ
kifayatullah: Kifayatullah, Kifayat Ullah = کفایت اللہ
aminullah: Aminullah, Ameenullah, Amin Ullah = امین اللہ
rafiullah: Rafiullah, Rafiullah, Rafi Ullah = رفیع اللہ
samiullah: Samiullah, Sami Ullah, Samiulla = سمیع اللہ
obaidullah: Obaidullah, Ubaidullah, Obaid Ullah = عبید اللہ
hayatullah: Hayatullah, Hayat Ullah = حیات اللہ
wahidullah: Wahidullah, Waheedullah = وحید اللہ
hekmatullah: Hekmatullah, Hikmatullah, Hikmat Ullah = حکمت اللہ
noorullah: Noorullah, Nurullah, Noor Ullah = نور اللہ
abdul_rehman: Abdul Rehman, Abdur Rahman, Abdul Rahman, Abdur Rehman, Abdurrehman = عبدالرحمن
abdul_ghafoor: Abdul Ghafoor, Abdul Ghafur, Abdul Gafoor = عبدالغفور
abdul_qadir: Abdul Qadir, Abdul Qader, Abdul Kadir = عبدالقادر
abdul_wali: Abdul Wali, Abdul Walli = عبدالولی
abdul_ghani: Abdul Ghani, Abdul Gani = عبدالغنی
abdul_hameed: Abdul Hameed, Abdul Hamid = عبدالحمید
abdul_majeed: Abdul Majeed, Abdul Majid = عبدالمجید
abdul_rasheed: Abdul Rasheed, Abdur Rashid, Abdul Rashid = عبدالرشید
abdul_wahab: Abdul Wahab, Abdul Wahhab = عبدالوہاب
abdul_jabbar: Abdul Jabbar, Abdul Jabar = عبدالجبار
abdul_sattar: Abdul Sattar, Abdus Sattar, Abdul Satar = عبدالستار
abdul_razzaq: Abdul Razzaq, Abdur Razzaq, Abdul Razaq = عبدالرزاق
abdul_karim: Abdul Karim, Abdul Kareem = عبدالکریم
abdul_rauf: Abdul Rauf, Abdur Rauf, Abdul Raoof = عبدالرؤف
abdul_samad: Abdul Samad, Abdus Samad = عبدالصمد
abdul_basit: Abdul Basit, Abdul Baasit = عبدالباسط
abdul_qayyum: Abdul Qayyum, Abdul Qayum, Abdul Qayoom = عبدالقیوم
abdul_latif: Abdul Latif, Abdul Lateef = عبداللطیف
abdul_malik: Abdul Malik, Abdul Maalik = عبدالمالک
abdul_salam: Abdul Salam, Abdus Salam, Abdussalam = عبدالسلام
abdul_aziz: Abdul Aziz, Abdul Azeez = عبدالعزیز
abdul_haq: Abdul Haq, Abdul Haque = عبدالحق
abdullah: Abdullah, Abdulla, Abdallah = عبداللہ
allah_ditta: Allah Ditta, Allah Dita, Alla Ditta, Allahditta = اللہ دتہ
allah_bakhsh: Allah Bakhsh, Allah Bux, Allah Baksh, Allahbux = اللہ بخش
khuda_bakhsh: Khuda Bakhsh, Khuda Bux, Khuda Baksh = خدا بخش
nabi_bakhsh: Nabi Bakhsh, Nabi Bux, Nabi Baksh = نبی بخش
allah_rakha: Allah Rakha, Allah Rakkha, Allahrakha = اللہ رکھا
allah_wasaya: Allah Wasaya, Allah Wasayo = اللہ وسایا
karam_din: Karam Din, Karam Deen, Karamdin = کرم دین
shams_ud_din: Shamsuddin, Shams ud Din, Shams-ud-Din, Shamsudin = شمس الدین
siraj_ud_din: Sirajuddin, Siraj ud Din, Siraj-ud-Din = سراج الدین
nizam_ud_din: Nizamuddin, Nizam ud Din, Nizam-ud-Din = نظام الدین
zia_ud_din: Ziauddin, Zia ud Din, Zia-ud-Din = ضیاء الدین
anwar_ul_haq: Anwar ul Haq, Anwar-ul-Haq, Anwarulhaq, Anwar ul Haque = انوار الحق
zia_ul_haq: Zia ul Haq, Zia-ul-Haq, Ziaulhaq = ضیاء الحق
inam_ul_haq: Inam ul Haq, Inam-ul-Haq, Inamulhaq = انعام الحق
ehsan_ul_haq: Ehsan ul Haq, Ihsan-ul-Haq, Ehsanulhaq = احسان الحق
ali_nawaz: Ali Nawaz, Ali Nawaaz = علی نواز
ali_muhammad: Ali Muhammad, Ali Mohammad = علی محمد
nasreen: Nasreen, Nasrin = نسرین
shazia: Shazia, Shaziya = شازیہ
rukhsana: Rukhsana, Rukhsaana = رخسانہ
parveen: Parveen, Perveen, Parvin = پروین
naseem: Naseem, Nasim = نسیم
zainab: Zainab, Zaynab, Zenab = زینب
fatima: Fatima, Fatema, Fatimah = فاطمہ
ayesha: Ayesha, Aisha, Aysha = عائشہ
rabia: Rabia, Rabiya = رابعہ
sakina: Sakina, Sakeena = سکینہ
jamila: Jamila, Jameela = جمیلہ
sughra: Sughra, Sughran = صغریٰ
kaneez: Kaneez, Kaniz = کنیز
shamim: Shamim, Shameem = شمیم
samina: Samina, Sameena = ثمینہ
kulsoom: Kulsoom, Kulsum, Kalsoom = کلثوم
razia: Razia, Raziya = رضیہ
noor_jehan: Noor Jehan, Noor Jahan, Nur Jahan = نور جہاں
bibi: Bibi, Bibee, BB = بی بی
begum: Begum, Begam = بیگم
khatoon: Khatoon, Khatun = خاتون
mai: Mai, Maai = مائی
yousafzai: Yousafzai, Yusufzai, Yousufzai, Yousafzay, Yusafzai = یوسفزئی
khattak: Khattak, Khatak = خٹک
afridi: Afridi, Afreedi = آفریدی
mohmand: Mohmand, Momand, Mohmond = مہمند
shinwari: Shinwari, Shinwary = شنواری
orakzai: Orakzai, Orakzay = اورکزئی
bangash: Bangash, Bangush = بنگش
marwat: Marwat, Marwet = مروت
wazir: Wazir, Wazeer = وزیر
mehsud: Mehsud, Mehsood, Mahsud = محسود
durrani: Durrani, Durani = درانی
achakzai: Achakzai, Achakzay, Achekzai = اچکزئی
kakar: Kakar, Kakkar, Kaker = کاکڑ
tareen: Tareen, Tarin = ترین
mandokhel: Mandokhel, Mandukhel = مندوخیل
kasi: Kasi, Kansi = کاسی
barech: Barech, Baraich = بڑیچ
swati: Swati, Swaati = سواتی
popalzai: Popalzai, Popalzay, Popolzai = پوپلزئی
barakzai: Barakzai, Barakzay = بارکزئی
alokozai: Alokozai, Alikozai, Alkozai = علیکوزئی
noorzai: Noorzai, Nurzai, Noorzay = نورزئی
ishaqzai: Ishaqzai, Eshaqzai, Ishaqzay = اسحاقزئی
ahmadzai: Ahmadzai, Ahmedzai = احمدزئی
safi: Safi, Saafi = صافی
hazara: Hazara, Hazarah = ہزارہ
awan: Awan, Awaan = اعوان
gujjar: Gujjar, Gujar, Gujjer = گجر
butt: Butt, But = بٹ
rajput: Rajput, Raajput = راجپوت
arain: Arain, Araein, Arayeen = آرائیں
jatt: Jatt, Jat = جٹ
bhatti: Bhatti, Bhati = بھٹی
mughal: Mughal, Moghal = مغل
abbasi: Abbasi, Abasi = عباسی
qureshi: Qureshi, Quraishi, Qureishi = قریشی
sheikh: Sheikh, Shaikh, Shiekh = شیخ
khokhar: Khokhar, Khokher = کھوکھر
cheema: Cheema, Chima = چیمہ
bajwa: Bajwa, Bajva = باجوہ
gondal: Gondal, Gondel = گوندل
tarar: Tarar, Tarrar = تارڑ
warraich: Warraich, Waraich, Waraich = وڑائچ
niazi: Niazi, Niyazi = نیازی
kayani: Kayani, Kiyani, Kiani = کیانی
janjua: Janjua, Janjuah = جنجوعہ
chaudhry: Chaudhry, Chaudhary, Choudhry = چوہدری
malik: Malik, Malick = ملک
soomro: Soomro, Sumro, Soomroo = سومرو
chandio: Chandio, Chandiyo = چانڈیو
jatoi: Jatoi, Jatoee = جتوئی
talpur: Talpur, Talpoor = ٹالپر
bhutto: Bhutto, Bhuto = بھٹو
mahar: Mahar, Maher = مہر
memon: Memon, Moman = میمن
abro: Abro, Abroo = ابڑو
jamali: Jamali, Jamaali = جمالی
khoso: Khoso, Khosa = کھوسو
lashari: Lashari, Laghari = لاشاری
brohi: Brohi, Brahui = بروہی
mirani: Mirani, Meerani = میرانی
unar: Unar, Unnar = انڑ
shar: Shar, Shaar = شر
baloch: Baloch, Baluch, Balouch = بلوچ
bugti: Bugti, Bugty = بگٹی
marri: Marri, Mari = مری
mengal: Mengal, Mingal = مینگل
rind: Rind = رند
raisani: Raisani, Rais = رئیسانی
zehri: Zehri, Zahri = زہری
langove: Langove, Langau = لانگو
bizenjo: Bizenjo, Bizanjo = بزنجو
magsi: Magsi, Maghsi = مگسی
lehri: Lehri, Lehari = لہڑی
notezai: Notezai, Notazai = نوتیزئی
siddiqui: Siddiqui, Siddiqi, Sadiqi = صدیقی
ansari: Ansari, Ansaari = انصاری
rizvi: Rizvi, Rizwi = رضوی
zaidi: Zaidi, Zaydi = زیدی
naqvi: Naqvi, Naqavi = نقوی
hashmi: Hashmi, Hashemi = ہاشمی
farooqui: Farooqui, Farooqi, Faruqi = فاروقی
usmani: Usmani, Osmani = عثمانی
jafri: Jafri, Jafery, Jaffri = جعفری
bukhari: Bukhari, Bokhari = بخاری
gilani: Gilani, Gillani = گیلانی
"""

UNITS: dict[str, Unit] = {}
for _line in _UNITS.strip().splitlines():
    _key, _rest = _line.split(":", 1)
    _latin, _urdu = _rest.split("=")
    _spellings = tuple(dict.fromkeys(s.strip() for s in _latin.split(",")))
    UNITS[_key.strip()] = Unit(_key.strip(), _spellings, _urdu.strip())


def _table(text: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """``"asif 30 arif 20"`` → keys and weights; a missing key fails at import, not mid-run."""
    words = text.split()
    keys = tuple(words[0::2])
    unknown = [key for key in keys if key not in UNITS]
    if unknown:
        raise KeyError(f"name units without spellings: {unknown}")
    return keys, tuple(float(w) for w in words[1::2])


# Given names shared by every Pakistani community (a Pashtun and a Punjabi are both "Asif").
COMMON_GIVEN = _table("""
    ali 40 ahmad 30 hussain 22 hassan 18 asif 18 imran 18 tariq 15 khalid 12 shahid 12 arif 12
    zahid 10 sajid 10 naveed 10 javed 10 waheed 8 saeed 8 rasheed 8 nadeem 8 saleem 8 naeem 7
    akram 10 aslam 10 arshad 9 amjad 7 iqbal 9 ashraf 8 anwar 8 akhtar 7 azam 6 ijaz 6 riaz 7
    fayyaz 5 imtiaz 6 mumtaz 5 shahzad 6 farhan 5 adnan 5 faisal 7 junaid 5 waqas 6 yasir 6
    zubair 5 qasim 5 hamza 5 haroon 4 idrees 4 ilyas 5 ishaq 4 ismail 5 yousaf 6 yaqoob 4
    younas 5 ibrahim 5 sultan 5 mehmood 6 masood 4 akbar 6 afzal 5 abbas 5 raza 5 haider 5
    jafar 3 rauf 4 latif 4 hameed 5 sarwar 4 nawaz 6 shahbaz 5 qadir 4 karim 4 rahim 4 nasir 6
    naseer 4 liaqat 4 shaukat 4 nisar 4 mushtaq 5 mukhtar 4 zulfiqar 4 sikandar 3 shafiq 4
    rafiq 5 waseem 5 tahir 5 zafar 5 mansoor 4 nazir 5 bashir 6 munir 4 shabbir 4 jamil 4
    kashif 4 sohail 5 adil 4 ehsan 4 amir 6 usman 8 umar 8 bilal 8 rizwan 6 kamran 7 irfan 7
    atif 5 majid 4 wajid 3 abdullah 8 abdul_rehman 6 abdul_ghafoor 4 abdul_qadir 4
    abdul_hameed 3 abdul_majeed 3 abdul_rasheed 3 abdul_wahab 2 abdul_jabbar 3 abdul_sattar 3
    abdul_razzaq 3 abdul_karim 3 abdul_rauf 2 abdul_samad 2 abdul_basit 2 abdul_qayyum 3
    abdul_latif 2 abdul_malik 2 abdul_salam 2 abdul_aziz 3 abdul_haq 2 shams_ud_din 1
    siraj_ud_din 1 nizam_ud_din 1 zia_ud_din 1 anwar_ul_haq 2 zia_ul_haq 2 inam_ul_haq 2
    ehsan_ul_haq 1
""")

# Pashtun and Afghan first names are often two parts: "Gul" + "Zaman", "Sher" + "Ali".
PASHTUN_FIRST = _table("""
    gul 30 sher 22 noor 20 zar 10 bakht 8 mir 10 fazal 10 shah 8 sahib 5 taj 6 hazrat 5
    dilawar 3 bahadur 3 momin 3 nawab 4 zarin 3 ajmal 4 amir 5 akbar 5 umar 4
""")
PASHTUN_SECOND = _table("""
    khan 40 zaman 16 muhammad 18 rahman 14 wali 10 zada 8 ali 10 jan 8 agha 4 akbar 5 ahmad 6
    alam 5 shah 6 gul 4 jamal 3 rabbi 2
""")
ULLAH = _table("""
    rahmatullah 8 inayatullah 5 saifullah 7 hidayatullah 4 ihsanullah 5 asadullah 4
    habibullah 6 naqibullah 3 najibullah 4 zabiullah 4 sanaullah 5 attaullah 4 kifayatullah 2
    aminullah 4 rafiullah 3 samiullah 5 obaidullah 3 hayatullah 3 wahidullah 2 hekmatullah 2
    noorullah 3 asfandyar 2
""")
GHULAM_SECOND = _table("""
    muhammad 10 mustafa 8 haider 6 qadir 6 rasool 8 abbas 5 sarwar 5 hussain 8 nabi 6 farid 4
    murtaza 4 akbar 3 ali 5 yasin 4 shabbir 3 sakhi 2
""")
# Punjabi, Saraiki and Sindhi devotional compounds.
PUNJABI_GIVEN = _table("""
    allah_ditta 8 allah_bakhsh 5 khuda_bakhsh 3 allah_rakha 4 allah_wasaya 3 karam_din 4
""")
SINDHI_GIVEN = _table("""
    ali_nawaz 6 nabi_bakhsh 6 allah_bakhsh 6 khuda_bakhsh 5 ali_muhammad 6 allah_wasaya 2
""")
BALOCH_GIVEN = _table("""
    dad 6 hazar 4 jan 5 mir 6 sher 5 noor 4 shah 4 nawab 3 dilawar 3 bahadur 3 karim 5 rahim 4
""")
AFGHAN_GIVEN = _table("""
    nabi 6 zahir 5 najib 4 farid 4 daud 5 jawad 3 sakhi 3 rasool 4 agha 3
""")
# Words a Punjabi or Sindhi name often ends with ("Liaqat Ali", "Tariq Mehmood").
SECOND_ELEMENT = _table("""
    ali 30 hussain 14 ahmad 12 iqbal 6 akhtar 6 mehmood 8 nawaz 5 khan 10 shah 6 akbar 4 haider 3
""")

CLANS = {
    "pashtun": _table("""
        khan 60 yousafzai 10 khattak 9 afridi 9 mohmand 5 shinwari 4 orakzai 4 bangash 4 marwat 4
        wazir 4 mehsud 4 durrani 2 swati 3 achakzai 2 kakar 2
    """),
    "pashtun_ba": _table("""
        khan 30 kakar 15 achakzai 12 tareen 6 mandokhel 4 kasi 4 barech 4 durrani 3 noorzai 2
    """),
    "punjabi": _table("""
        malik 10 chaudhry 8 butt 9 awan 9 gujjar 8 rajput 7 arain 6 jatt 5 bhatti 6 mughal 5
        abbasi 4 qureshi 5 sheikh 6 khokhar 4 cheema 4 bajwa 3 gondal 3 tarar 2 warraich 3
        niazi 3 kayani 3 janjua 3 khan 12
    """),
    "sindhi": _table("""
        soomro 8 chandio 7 jatoi 5 talpur 4 bhutto 4 mahar 5 memon 7 abro 4 jamali 4 khoso 4
        lashari 4 brohi 4 mirani 3 unar 3 shar 4 sheikh 5 baloch 4
    """),
    "urdu": _table("""
        siddiqui 8 qureshi 6 ansari 6 khan 10 rizvi 5 zaidi 4 naqvi 4 hashmi 4 farooqui 4
        usmani 3 jafri 3 sheikh 4
    """),
    "baloch": _table("""
        baloch 30 bugti 8 marri 8 mengal 7 rind 6 raisani 4 zehri 4 langove 4 bizenjo 4 jamali 4
        magsi 4 lehri 3 notezai 3 khan 6
    """),
    "afghan": _table("""
        popalzai 6 barakzai 6 alokozai 5 noorzai 7 ishaqzai 5 achakzai 6 ahmadzai 5 mohmand 4
        shinwari 5 safi 3 hazara 4 durrani 3 khan 10 kakar 3
    """),
}
# Lineage names that travel with "Syed" ("Syed Ali Raza Bukhari").
SYED_CLANS = _table("bukhari 5 gilani 4 rizvi 4 naqvi 4 zaidi 3 jafri 3 hashmi 2 shah 12")

FEMALE_GIVEN = _table("""
    nasreen 8 shazia 6 rukhsana 6 parveen 8 naseem 6 zainab 6 fatima 8 ayesha 6 rabia 4
    sakina 5 jamila 4 sughra 4 kaneez 3 shamim 4 samina 4 kulsoom 4 razia 4 noor_jehan 3
    gul 4 bakht 2
""")
FEMALE_SUFFIX = _table("bibi 10 begum 3 khatoon 3 mai 2")

# Titles written before a name; Latin forms, then the Urdu form (empty: not written in Urdu).
HONORIFICS: dict[str, tuple[tuple[str, ...], str]] = {
    "haji": (("Haji", "Hajji", "Al-Haj"), "حاجی"),
    "malik": (("Malik",), "ملک"),
    "sardar": (("Sardar", "Sardaar"), "سردار"),
    "chaudhry": (("Ch.", "Chaudhry", "Ch"), "چوہدری"),
    "mian": (("Mian", "Miyan"), "میاں"),
    "hafiz": (("Hafiz",), "حافظ"),
    "maulvi": (("Maulvi", "Molvi", "Mullah"), "مولوی"),
    "mr": (("Mr", "Mr."), ""),
}

# "son of" and its kin, as officers write them inside a name field.
RELATION_WORDS = {
    "s/o": (("s/o", "S/O", "S/o", "son of", "s.o", "S/O."), "ولد"),
    "d/o": (("d/o", "D/O", "D/o", "daughter of"), "دختر"),
    "w/o": (("w/o", "W/O", "W/o", "wife of"), "زوجہ"),
}
ALIAS_WORDS = (("alias", "@", "urf", "Alias"), "عرف")
NICKNAMES = ("Pappu", "Guddu", "Kaka", "Lala", "Bhola", "Chhotu", "Mithu", "Baba")
