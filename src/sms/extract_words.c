/*
 * extract_words.c -- the word lists the extractor consults, and the scan
 * for code words.
 *
 * Why in one file: these lists are what a reviewer tunes when a real
 * text is misread, so they sit together, each with what it is for.
 * Latin-script words are compared ASCII case-insensitively (so "CODE",
 * "Code" and "code" are one entry; accented letters must be written as
 * they occur); CJK terms bytewise.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sms/extract_int.h"

/* Code words. KW_START/KW_END: must begin/end at a word boundary (an
 * ASCII letter or digit may not touch it); KW_CASE: case-sensitive. A
 * word without KW_START also matches at the end of a compound
 * ("Bestätigungscode", "engangskode", "mTAN"). */
#define KW_START	0x1
#define KW_END		0x2
#define KW_CASE		0x4

static const struct keyword {
	const char *s;
	unsigned flags;
	int weight;
} keywords[] = {
	/* Words that name a code. */
	{ "code", 0, EX_STRONG },
	{ "c\xc3\xb3" "digo", KW_START, EX_STRONG },	/* código */
	{ "codigo", KW_START, EX_STRONG },
	{ "codice", KW_START, EX_STRONG },
	{ "k\xc3\xb3" "d", KW_START, EX_STRONG },	/* kód */
	{ "kod", KW_START, EX_STRONG },		/* kod, kodu, kodunuz */
	{ "kode", KW_END, EX_STRONG },
	{ "\xd0\xba\xd0\xbe\xd0\xb4", 0, EX_STRONG },	/* код */
	{ "\xd0\x9a\xd0\xbe\xd0\xb4", 0, EX_STRONG },	/* Код */
	{ "otp", KW_START | KW_END, EX_STRONG },
	{ "passcode", 0, EX_STRONG },
	{ "pin", KW_START | KW_END, EX_STRONG },
	{ "clave", KW_START, EX_STRONG },	/* clave de operación */
	{ "TAN", KW_END | KW_CASE, EX_STRONG },		/* TAN, mTAN */
	{ "one-time password", KW_START, EX_STRONG },
	{ "one time password", KW_START, EX_STRONG },
	{ "einmalpasswort", KW_START, EX_STRONG },
	{ "einmalkennwort", KW_START, EX_STRONG },
	{ "\xe9\xaa\x8c\xe8\xaf\x81\xe7\xa0\x81", 0, EX_STRONG },  /* 验证码 */
	{ "\xe9\xa9\x97\xe8\xad\x89\xe7\xa2\xbc", 0, EX_STRONG },  /* 驗證碼 */
	{ "\xe6\xa0\xa1\xe9\xaa\x8c\xe7\xa0\x81", 0, EX_STRONG },  /* 校验码 */
	{ "\xe5\x8a\xa8\xe6\x80\x81\xe7\xa0\x81", 0, EX_STRONG },  /* 动态码 */
	{ "\xe5\x8a\xa8\xe6\x80\x81\xe5\xaf\x86\xe7\xa0\x81", 0,
	  EX_STRONG },					/* 动态密码 */
	{ "\xe7\xa1\xae\xe8\xae\xa4\xe7\xa0\x81", 0, EX_STRONG },  /* 确认码 */
	{ "\xe7\xa2\xba\xe8\xaa\x8d\xe3\x82\xb3\xe3\x83\xbc\xe3\x83\x89", 0,
	  EX_STRONG },					/* 確認コード */
	{ "\xe8\xaa\x8d\xe8\xa8\xbc\xe3\x82\xb3\xe3\x83\xbc\xe3\x83\x89", 0,
	  EX_STRONG },					/* 認証コード */
	{ "\xe3\x82\xb3\xe3\x83\xbc\xe3\x83\x89", 0, EX_STRONG },  /* コード */
	{ "\xe8\xaa\x8d\xe8\xa8\xbc\xe7\x95\xaa\xe5\x8f\xb7", 0,
	  EX_STRONG },					/* 認証番号 */
	{ "\xe7\xa2\xba\xe8\xaa\x8d\xe7\x95\xaa\xe5\x8f\xb7", 0,
	  EX_STRONG },					/* 確認番号 */
	{ "\xe3\x83\xaf\xe3\x83\xb3\xe3\x82\xbf\xe3\x82\xa4\xe3\x83\xa0",
	  0, EX_STRONG },				/* ワンタイム */
	{ "\xec\x9d\xb8\xec\xa6\x9d\xeb\xb2\x88\xed\x98\xb8", 0,
	  EX_STRONG },					/* 인증번호 */
	{ "\xec\x9d\xb8\xec\xa6\x9d \xeb\xb2\x88\xed\x98\xb8", 0,
	  EX_STRONG },					/* 인증 번호 */
	/* Words that hint at one. */
	{ "verif", KW_START, EX_WEAK },	/* verify, verification, verifica,
					 * verificación, Verifizierung */
	{ "v\xc3\xa9rif", KW_START, EX_WEAK },		/* vérification */
	{ "authenticat", KW_START, EX_WEAK },
	{ "authentif", KW_START, EX_WEAK },
	{ "autentica", KW_START, EX_WEAK },
	{ "login", KW_START, EX_WEAK },
	{ "log in", KW_START, EX_WEAK },
	{ "log-in", KW_START, EX_WEAK },
	{ "sign in", KW_START, EX_WEAK },
	{ "sign-in", KW_START, EX_WEAK },
	{ "anmeld", KW_START, EX_WEAK },
	{ "connexion", KW_START, EX_WEAK },
	{ "security", KW_START, EX_WEAK },
	{ "sicherheit", KW_START, EX_WEAK },
	{ "s\xc3\xa9" "curit\xc3\xa9", KW_START, EX_WEAK },	/* sécurité */
	{ "seguridad", KW_START, EX_WEAK },
	{ "confirm", KW_START, EX_WEAK },
	{ "best\xc3\xa4tig", KW_START, EX_WEAK },	/* bestätig- */
	{ "password", KW_START, EX_WEAK },
	{ "passwort", KW_START, EX_WEAK },
	{ "contrase\xc3\xb1" "a", KW_START, EX_WEAK },	/* contraseña */
	{ "senha", KW_START, EX_WEAK },
	{ "mot de passe", KW_START, EX_WEAK },
	{ "2fa", KW_START | KW_END, EX_WEAK },
	{ "two-factor", KW_START, EX_WEAK },
	{ "\xe8\xaa\x8d\xe8\xa8\xbc", 0, EX_WEAK },		/* 認証 */
	{ "\xe7\x99\xbb\xe5\xbd\x95", 0, EX_WEAK },		/* 登录 */
	{ "\xec\x9d\xb8\xec\xa6\x9d", 0, EX_WEAK },		/* 인증 */
	{ "\xd0\xbf\xd0\xbe\xd0\xb4\xd1\x82\xd0\xb2\xd0\xb5\xd1\x80\xd0\xb6\xd0"
	  "\xb4", 0, EX_WEAK },				/* подтвержд- */
	{ "\xd0\xb2\xd1\x85\xd0\xbe\xd0\xb4", 0, EX_WEAK },	/* вход */
};

/* A code word right after one of these names something that is not a
 * one-time code ("promo code", "zip code", "booking code"). */
static const char *const not_code_words[] = {
	"promo", "promotional", "promotion", "coupon", "discount", "voucher",
	"referral", "invite", "invitation", "gift", "zip", "postal", "post",
	"area", "country", "error", "status", "reference", "booking",
	"tracking", "product", "dress", "offer", "sale", "bonus", "rabatt",
	"gutschein", "aktions", "r\xc3\xa9" "duction", "descuento",
	"cup\xc3\xb3n", "cupon", "rabais", "qr", "bar", NULL
};

/* Never the first word of a service name, nor any word of one. */
const char *const ex_stopwords[] = {
	"your", "you", "the", "a", "an", "this", "that", "these", "use",
	"enter", "please", "do", "don't", "never", "not", "here", "is",
	"hi", "hello", "hey", "dear", "welcome", "thanks", "thank", "ihr",
	"ihre", "dein", "deine", "der", "die", "das", "bitte", "hallo",
	"votre", "vos", "ton", "ta", "le", "la", "les", "un", "une",
	"bonjour", "merci", "tu", "su", "el", "los", "las", "hola", "il",
	"tuo", "important", "alert", "info", "notice", "reminder",
	"warning", "attention", "achtung", "hinweis", "new", "neu",
	"nouveau", "nuevo", "code", "otp", "pin", "sms", "tan", "and", "or",
	"et", "y", "if", "wenn", "si", "sent", "message", "customer",
	"kunde", "client", "cliente", "user", "it", "we", "our", "my",
	"valid", "expires", "g\xc3\xbcltig", "only", "not", "no", "yes",
	"reply", "call", "text", "stop", "help", "id", "de", "for", "from",
	"to", "at", "in", "on", "by", "von", "f\xc3\xbcr", "pour", "para",
	"with", "mit", "avec", "con", "ce", "ceci", "est", "es", "ist",
	"hier", "ici", "aqu\xc3\xad", "team", "order", "identity",
	"number", "email", "request", "purchase", "payment", "device",
	"phone", "login", "password", "account", "verification", "security",
	"ihrer", "ihres", "vous", "usted", "please", "go", "visit",
	"click", "tap", "open", "seu", "sua", "teu", "tua", "uw", "je",
	"jouw", "het", "dit", "deze", "uma", "um", "tw\xc3\xb3j", "twoj",
	"twoja", "din", "ditt", "dine", "deres", "jeres", "v\xc3\xa1\xc5\xa1",
	"tv\xc5\xaf" "j", "sizin", "sinun",
	"\xd0\x92\xd0\xb0\xd1\x88", "\xd0\xb2\xd0\xb0\xd1\x88",	/* Ваш ваш */
	"\xd0\x92\xd0\xb0\xd1\x88\xd0\xb0",			/* Ваша */
	"\xd0\xa2\xd0\xb2\xd0\xbe\xd0\xb9", NULL		/* Твой */
};

/* Words between a service name and a code word that say what kind of
 * code it is ("Microsoft account security code"). */
const char *const ex_generic[] = {
	"verification", "verify", "security", "login", "log-in", "sign-in",
	"signin", "one-time", "one", "time", "otp", "sms", "account",
	"confirmation", "authentication", "access", "2fa", "two-factor",
	"two-step", "2-step", "temporary", "single-use", "secure",
	"v\xc3\xa9rification", "verificaci\xc3\xb3n", "verifica",
	"verificatie", "verifizierungs", "best\xc3\xa4tigungs", "anmelde",
	"sicherheits", "einmal", "login-", "s\xc3\xa9" "curit\xc3\xa9",
	"seguridad", "acceso", "acc\xc3\xa8s", "connexion", "anmeldung",
	"konto", "compte", "cuenta", "inicio", "sesi\xc3\xb3n", "session",
	"identification", "identificaci\xc3\xb3n", "authentifizierungs",
	"reset", "recovery", "backup", "activation", "registration",
	"password", "passcode", "unique", "personal", "secret", "signup",
	"sign-up", "magic", "numeric", "6-digit", "digit", "authorization",
	"approval", "transaction", "payment", "paiement", "pago",
	"validation", "login",
	"anmeldungs", "zugangs", "freigabe", "aktivierungs", "mobile",
	"phone", "device", "ger\xc3\xa4te", "id", "do\xc4\x9frulama",
	"weryfikacyjny", NULL
};

/* Prepositions that may stand between a code word and the name after
 * it ("code from NS1", "código de verificación de Google"). */
const char *const ex_preps[] = {
	"from", "for", "by", "at", "on", "to", "de", "du", "des", "del",
	"von", "f\xc3\xbcr", "bei", "pour", "para", "di", "da", "van",
	"voor", "of", "with", "mit", "avec", "con", "do", "dos", "a", "al",
	"en", "au", "aux", "\xc3\xa0", "chez", "bei", "in", "into",
	/* в для от */
	"\xd0\xb2", "\xd0\xb4\xd0\xbb\xd1\x8f", "\xd0\xbe\xd1\x82",
	"your", "ihr", "ihre",
	"ihrem", "ihren", "dein", "deine", "votre", "tu", "su", "the", "der",
	"die", "das", "dem", "den", "la", "le", "el", "il", "tuo", NULL
};

/* Lower-case words allowed inside a name ("Bank of America"). */
const char *const ex_connectors[] = {
	"of", "&", "and", "de", "du", "del", "der", "und", NULL
};

/* Verbs that may follow a service name before the code ("Uber est"). */
const char *const ex_verbs[] = {
	"is", "est", "es", "ist", "lautet", "\xc3\xa8", "\xc3\xa9", "was",
	"are", NULL
};

/* A number right after one of these (fillers skipped) is not a code. */
const char *const ex_not_code_before[] = {
	"order", "orders", "ref", "reference", "account", "acct", "a/c",
	"ac", "tracking", "track", "shipment", "parcel", "package",
	"invoice", "booking", "reservation", "ticket", "case", "customer",
	"member", "membership", "policy", "card", "ending", "ends",
	"flight", "seat", "gate", "room", "balance", "amount", "total",
	"call", "tel", "phone", "fax", "stop", "reply", "text",
	"txt", "transaction", "txn", "trx", "confirmation", "id", "ext",
	"zip", "postal", "postcode", "plz",
	"extension", "sum", "paid", "payment", "charged", "debited",
	"credited", "bestellung", "bestellnummer", "auftrag",
	"auftragsnummer", "sendung", "sendungsnummer", "paket",
	"kundennummer", "kunden", "konto", "kontonummer", "rechnung",
	"rechnungsnummer", "vertrag", "vertragsnummer", "buchung",
	"buchungsnummer", "karte", "betrag", "summe", "telefon", "anrufen",
	"rufnummer", "hotline", "endet", "commande", "colis", "suivi",
	"compte", "facture", "r\xc3\xa9servation", "billet", "dossier",
	"carte", "montant", "t\xc3\xa9l", "t\xc3\xa9l\xc3\xa9phone",
	"appelez", "terminant", "pedido", "env\xc3\xado", "envio",
	"seguimiento", "cuenta", "factura", "reserva", "billete", "tarjeta",
	"importe", "monto", "tel\xc3\xa9" "fono", "llame", "llama", "termina",
	"year", "jahr", "ann\xc3\xa9" "e", "a\xc3\xb1o", "jan", "feb", "mar",
	"apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
	"january", "february", "march", "april", "june", "july", "august",
	"september", "october", "november", "december", "januar", "februar",
	"m\xc3\xa4rz", "mai", "juni", "juli", "oktober", "dezember", "okt",
	"dez", "janvier", "f\xc3\xa9vrier", "mars", "avril", "juin",
	"juillet", "ao\xc3\xbb" "t", "octobre", "d\xc3\xa9" "cembre", "enero",
	"febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
	"septiembre", "octubre", "noviembre", "diciembre", NULL
};

/* The same for CJK, which has no spaces: these end right before it. */
const char *const ex_cjk_not_code_before[] = {
	"\xe6\xb3\xa8\xe6\x96\x87\xe7\x95\xaa\xe5\x8f\xb7",	/* 注文番号 */
	"\xe3\x81\x8a\xe5\x95\x8f\xe3\x81\x84\xe5\x90\x88\xe3\x82\x8f\xe3\x81"
	"\x9b\xe7\x95\xaa\xe5\x8f\xb7",			/* お問い合わせ番号 */
	"\xe4\xbc\x9d\xe7\xa5\xa8\xe7\x95\xaa\xe5\x8f\xb7",	/* 伝票番号 */
	"\xe8\xbf\xbd\xe8\xb7\xa1\xe7\x95\xaa\xe5\x8f\xb7",	/* 追跡番号 */
	"\xe8\xae\xa2\xe5\x8d\x95\xe5\x8f\xb7",		/* 订单号 */
	"\xe8\xae\xa2\xe5\x8d\x95",				/* 订单 */
	"\xe8\xbf\x90\xe5\x8d\x95\xe5\x8f\xb7",		/* 运单号 */
	"\xe5\xbf\xab\xe9\x80\x92\xe5\x8d\x95\xe5\x8f\xb7",	/* 快递单号 */
	"\xe5\xb0\xbe\xe5\x8f\xb7",				/* 尾号 */
	"\xe9\x87\x91\xe9\xa2\x9d",				/* 金额 */
	"\xe9\x9b\xbb\xe8\xa9\xb1",				/* 電話 */
	"\xe7\x94\xb5\xe8\xaf\x9d",				/* 电话 */
	"\xd0\xb7\xd0\xb0\xd0\xba\xd0\xb0\xd0\xb7",		/* заказ */
	"\xd1\x81\xd1\x87\xd0\xb5\xd1\x82",			/* счет */
	"\xd1\x81\xd1\x87\xd1\x91\xd1\x82",			/* счёт */
	"\xd1\x81\xd1\x83\xd0\xbc\xd0\xbc\xd0\xb0",		/* сумма */
	NULL
};

/* Skipped when looking for what a number follows ("order no. 123"). */
const char *const ex_filler[] = {
	"no", "no.", "nr", "nr.", "number", "num", "#", "is", "ist", "est",
	"es", "n\xc2\xb0", "n\xc2\xba", "num\xc3\xa9ro", "n\xc3\xbamero",
	"nummer", "the", "your", "of", "in", "on", "with", "mit", "auf",
	"en", "par", "ending", "was", "be", "to", "at", NULL
};

/* A number followed by one of these is a quantity, not a code. */
const char *const ex_units_after[] = {
	"minutes", "minute", "min", "mins", "min.", "minuten", "minutos",
	"seconds", "second", "sec", "secs", "sekunden", "segundos",
	"secondes", "hours", "hour", "hrs", "hr", "h", "stunden", "std",
	"heures", "horas", "days", "day", "tage", "jours", "d\xc3\xad" "as",
	"uhr", "am", "pm", "eur", "usd", "gbp", "chf", "jpy", "cny", "rmb",
	"inr", "cad", "aud", "sek", "nok", "dkk", "pln", "brl", "mxn", "kr",
	"z\xc5\x82", "points", "pts", "miles", "km", "kg", "gb", "mb",
	"dollars", "euros", "euro", "pounds", "yen", "rupees", "rs", "%",
	NULL
};
const char *const ex_cjk_units_after[] = {
	"\xe5\x88\x86", "\xe7\xa7\x92", "\xe6\x97\xb6", "\xe6\x99\x82",
	"\xe5\xb9\xb4", "\xe6\x9c\x88", "\xe6\x97\xa5", "\xe5\x86\x86",
	"\xe5\x85\x83", "\xe5\x8f\xb7", "\xe7\x95\xaa", "\xe2\x82\xac",
	"\xef\xbc\x85", "\xe5\x9b\x9e", "\xe4\xb8\xaa", "\xec\x9b\x90",
	"\xd1\x80\xd1\x83\xd0\xb1", "\xd0\xbc\xd0\xb8\xd0\xbd",
	NULL	/* 分 秒 时 時 年 月 日 円 元 号 番 € ％ 回 个 원 руб мин */
};

/* A number right after one of these (one space at most) is an amount. */
const char *const ex_currency_before[] = {
	"eur", "usd", "gbp", "chf", "jpy", "cny", "rmb", "inr", "rs", "rs.",
	"cad", "aud", "sek", "nok", "dkk", "pln", "brl", "mxn", "kr", "r$",
	"us$", "\xe2\x82\xac", "$", "\xc2\xa3", "\xc2\xa5", "\xe2\x82\xb9",
	"\xe2\x82\xa9", "\xe2\x82\xbd", "\xef\xbf\xa5", NULL
	/* € $ £ ¥ ₹ ₩ ₽ ￥ */
};

/* A sentence with one of these is selling something: its "code" is a
 * discount, not a one-time code. */
const char *const ex_marketing[] = {
	"off", "discount", "checkout", "save", "sale", "coupon", "promo",
	"voucher", "rabatt", "gutschein", "r\xc3\xa9" "duction", "descuento",
	"unsubscribe", "shop", NULL
};

/* Letter prefixes that make "XX-12345" a reference, not a code. */
const char *const ex_prefix_not_code[] = {
	"ID", "REF", "INV", "ORD", "PO", "NO", "NR", "TKT", "CASE", "SR",
	"AC", "ACC", "TXN", "TRX", NULL
};

/* Letters after digits that make "10MIN" a quantity, not a code. */
const char *const ex_unit_suffix[] = {
	"MIN", "MINS", "SEC", "SECS", "H", "HR", "HRS", "GB", "MB", "KB",
	"TB", "KM", "KG", "MM", "CM", "ST", "ND", "RD", "TH", "AM", "PM",
	"X", "D", "G", "EUR", "USD", "GBP", NULL
};

static unsigned char
fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c;
}

int
ex_in_list(const char *s, size_t n, const char *const *list)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; list[i] != NULL; i++)
		if (fold((unsigned char)list[i][0]) ==
		    fold((unsigned char)s[0]) && strlen(list[i]) == n &&
		    strncasecmp(list[i], s, n) == 0)
			return 1;
	return 0;
}

static int
kw_match(const struct ex_text *t, size_t i, const struct keyword *k)
{
	size_t len;

	/* Most positions fail on their first byte: test it before the
	 * rest (this is the extractor's inner loop). */
	if (fold((unsigned char)t->s[i]) != fold((unsigned char)k->s[0]) ||
	    (i + 1 < t->n && k->s[1] != '\0' &&
	    fold((unsigned char)t->s[i + 1]) != fold((unsigned char)k->s[1])))
		return 0;
	len = strlen(k->s);
	if (i + len > t->n)
		return 0;
	if (k->flags & KW_CASE) {
		if (memcmp(t->s + i, k->s, len) != 0)
			return 0;
	} else if (strncasecmp(t->s + i, k->s, len) != 0)
		return 0;
	if ((k->flags & KW_START) && i > 0 &&
	    ex_alnum((unsigned char)t->s[i - 1]))
		return 0;
	if ((k->flags & KW_END) && i + len < t->n &&
	    ex_alnum((unsigned char)t->s[i + len]))
		return 0;
	return (int)len;
}

/* 1 if the word holding the hit, or the word before it, says the code
 * is some other kind of code. */
static int
names_other_code(const struct ex_text *t, size_t start)
{
	size_t ws = start, we;
	size_t i, len;

	/* The start of the word holding the hit ("Postcode"). */
	while (ws > 0 && (ex_alnum((unsigned char)t->s[ws - 1]) ||
	    (unsigned char)t->s[ws - 1] >= 0x80))
		ws--;
	for (i = 0; not_code_words[i] != NULL; i++) {
		len = strlen(not_code_words[i]);
		if (len <= start - ws && strncasecmp(t->s + ws,
		    not_code_words[i], len) == 0)
			return 1;
	}
	if (!ex_word_before(t->s, ws, &ws, &we))
		return 0;
	return ex_in_list(t->s + ws, we - ws, not_code_words);
}

/*
 * The code words by their first byte (case-folded), in list order: built
 * once, read-only after, so a position costs one lookup and compares
 * only the few words that could start there.
 */
#define BY_FIRST_MAX	16
static struct {
	unsigned char n;
	unsigned char k[BY_FIRST_MAX];	/* indexes into keywords[] */
} by_first[256];
static pthread_once_t by_first_once = PTHREAD_ONCE_INIT;

static void
by_first_build(void)
{
	size_t k;
	unsigned char c;

	for (k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++) {
		c = fold((unsigned char)keywords[k].s[0]);
		if (by_first[c].n == BY_FIRST_MAX)
			abort();	/* the table above outgrew BY_FIRST_MAX */
		by_first[c].k[by_first[c].n++] = (unsigned char)k;
	}
}

void
ex_find_keywords(struct ex_text *t)
{
	size_t i, j;
	unsigned char c;
	int len = 0;
	const struct keyword *k = NULL;

	t->nhits = 0;
	(void)pthread_once(&by_first_once, by_first_build);
	for (i = 0; i < t->n && t->nhits < EX_MAX_HITS; i++) {
		c = fold((unsigned char)t->s[i]);
		for (j = 0; j < by_first[c].n; j++) {
			k = &keywords[by_first[c].k[j]];
			if ((len = kw_match(t, i, k)) > 0)
				break;
		}
		if (j == by_first[c].n)
			continue;
		if (!names_other_code(t, i)) {
			t->hits[t->nhits].start = i;
			t->hits[t->nhits].end = i + (size_t)len;
			t->hits[t->nhits].weight = k->weight;
			t->nhits++;
		}
		i += (size_t)len - 1;
	}
}

int
ex_is_keyword_word(const struct ex_text *t, size_t start, size_t end)
{
	size_t i;

	for (i = 0; i < t->nhits; i++)
		if (t->hits[i].start < end && start < t->hits[i].end)
			return 1;
	return 0;
}
