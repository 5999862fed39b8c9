"""Name, street and city lists for synthetic members: common in California, of many origins."""

LAST_NAMES = (
    "Garcia", "Hernandez", "Lopez", "Martinez", "Rodriguez", "Gonzalez", "Perez", "Sanchez",
    "Ramirez", "Torres", "Flores", "Rivera", "Gomez", "Diaz", "Reyes", "Cruz", "Morales",
    "Ortiz", "Gutierrez", "Chavez", "Ramos", "Ruiz", "Alvarez", "Mendoza", "Castillo",
    "Jimenez", "Vasquez", "Romero", "Herrera", "Medina", "Aguilar", "Vargas", "Guzman",
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
    "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris",
    "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott",
    "Nguyen", "Tran", "Le", "Pham", "Huynh", "Vo", "Dang", "Bui", "Do", "Ngo",
    "Wang", "Li", "Zhang", "Chen", "Liu", "Huang", "Wu", "Lin", "Yang", "Zhao", "Chan", "Wong",
    "Kim", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon",
    "Santos", "Reyes", "Dela Cruz", "Bautista", "Mendoza", "Villanueva", "Aquino",
    "Petrosyan", "Sargsyan", "Hakobyan", "Grigoryan", "Harutyunyan",
    "Ivanov", "Smirnova", "Kuznetsov", "Popova", "Hosseini", "Mohammadi", "Ahmadi", "Karimi",
    "Singh", "Kaur", "Patel", "Shah", "Khan", "Yamamoto", "Tanaka", "Nakamura",
    "Washington", "Jefferson", "Freeman", "Brooks", "Coleman", "Jenkins", "Bryant",
)  # fmt: skip

FEMALE_NAMES = (
    "Maria", "Guadalupe", "Rosa", "Ana", "Carmen", "Josefina", "Elena", "Lucia", "Sofia",
    "Isabella", "Valeria", "Ximena", "Mary", "Patricia", "Linda", "Barbara", "Elizabeth",
    "Jennifer", "Susan", "Dorothy", "Betty", "Helen", "Ruth", "Shirley", "Gloria", "Evelyn",
    "Lan", "Mai", "Thu", "Hoa", "Mei", "Xiu", "Ling", "Min-ji", "Soo-ah", "Ji-woo", "Luzviminda",
    "Marites", "Anahit", "Lilit", "Olga", "Svetlana", "Fatemeh", "Maryam", "Priya", "Aiko",
    "Keisha", "Latoya", "Ebony", "Aaliyah", "Emma", "Olivia", "Mia", "Camila",
)  # fmt: skip

MALE_NAMES = (
    "Jose", "Juan", "Luis", "Carlos", "Jesus", "Miguel", "Francisco", "Antonio", "Manuel",
    "Pedro", "Alejandro", "Mateo", "Santiago", "James", "Robert", "John", "Michael", "William",
    "David", "Richard", "Charles", "Joseph", "Thomas", "George", "Kenneth", "Raymond", "Harold",
    "Minh", "Tuan", "Hung", "Duc", "Wei", "Jun", "Hao", "Min-jun", "Seo-jun", "Ji-ho",
    "Rodrigo", "Reynaldo", "Armen", "Hayk", "Dmitri", "Sergei", "Ali", "Reza", "Arjun",
    "Hiroshi", "Darnell", "Tyrone", "Malik", "Liam", "Noah", "Ethan", "Diego",
)  # fmt: skip

STREETS = (
    "Main St", "Broadway", "Mission St", "Alvarado St", "Cesar Chavez Ave", "Figueroa St",
    "El Camino Real", "Olive Ave", "Magnolia Blvd", "Sunset Blvd", "Pacific Ave", "Oak St",
    "Maple Ave", "Cedar St", "Pine St", "Washington Blvd", "Lincoln Ave", "Grand Ave",
    "University Ave", "Santa Clara St", "San Pablo Ave", "International Blvd", "Imperial Hwy",
    "Valley Blvd", "Garvey Ave", "Atlantic Blvd", "Whittier Blvd", "Florin Rd", "Fresno St",
)  # fmt: skip

# A few cities per populous county; other counties use their county seat's name.
CITIES = {
    "Los Angeles": ("Los Angeles", "Long Beach", "Pomona", "El Monte", "Lancaster", "Compton"),
    "San Diego": ("San Diego", "Chula Vista", "Escondido", "Oceanside", "El Cajon"),
    "Orange": ("Santa Ana", "Anaheim", "Garden Grove", "Westminster", "Irvine"),
    "Riverside": ("Riverside", "Moreno Valley", "Indio", "Perris", "Hemet"),
    "San Bernardino": ("San Bernardino", "Fontana", "Ontario", "Victorville", "Rialto"),
    "Santa Clara": ("San Jose", "Santa Clara", "Sunnyvale", "Gilroy"),
    "Alameda": ("Oakland", "Fremont", "Hayward", "Berkeley"),
    "Sacramento": ("Sacramento", "Elk Grove", "Citrus Heights"),
    "Fresno": ("Fresno", "Clovis", "Sanger"),
    "Kern": ("Bakersfield", "Delano", "Arvin"),
    "San Francisco": ("San Francisco",),
}
