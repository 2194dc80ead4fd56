/*
 * test_sms_extract.c -- code and service extraction from realistic
 * texts: OTP messages from banks, clouds, registrars, social networks and
 * shops in English, German, French, Spanish, Italian, Portuguese, Dutch,
 * Japanese, Chinese, Korean and Russian, origin-bound (WebOTP) lines,
 * and texts with numbers that are not codes (amounts, phone numbers,
 * dates, times, order, tracking and card numbers) or with no code at all.
 * Each row: the text, the code and service we expect, and the rule.
 */
#include "unit.h"

#include "sms/extract.h"

#define O SMS_RULE_ORIGIN
#define K SMS_RULE_KEYWORD
#define A SMS_RULE_ALONE
#define N SMS_RULE_NONE

static const struct extract_case {
	const char *body;
	const char *code;	/* "" for none */
	const char *service;	/* "" for none */
	enum sms_rule rule;
} cases[] = {
	/* --- English: clouds, registrars, developer tools --------------- */
	{ "Your NS1 verification code is 123456. It expires in 10 minutes.",
	  "123456", "NS1", K },
	{ "Your verification code from NS1 is 998877.", "998877", "NS1", K },
	{ "This is your one-time code from NS1: 604122", "604122", "NS1", K },
	{ "Your Cloudflare verification code is 551902. It expires in 5 "
	  "minutes.", "551902", "Cloudflare", K },
	{ "DigitalOcean: 482019 is your verification code.", "482019",
	  "DigitalOcean", K },
	{ "Your Namecheap verification code: 839201", "839201", "Namecheap",
	  K },
	{ "Your Porkbun login code is 619203", "619203", "Porkbun", K },
	{ "Your OVHcloud security code: 48201937", "48201937", "OVHcloud",
	  K },
	{ "Your Stripe verification code is: 482-019. Don't share this code "
	  "with anyone.", "482019", "Stripe", K },
	{ "Your GitHub authentication code is 019283.\n\n@github.com #019283",
	  "019283", "GitHub", O },
	/* --- English: big platforms and social networks ----------------- */
	{ "Your Google verification code is 482913", "482913", "Google", K },
	{ "G-482913 is your Google verification code.", "G-482913", "Google",
	  K },
	{ "Use 739104 as Microsoft account security code", "739104",
	  "Microsoft", K },
	{ "Your Apple ID Code is: 583920. Don't share it with anyone.\n\n"
	  "@apple.com #583920 %apple.com", "583920", "Apple", O },
	{ "[Amazon] 204817 is your Amazon one-time password. Do not share it "
	  "with anyone.", "204817", "Amazon", K },
	{ "123456 is your Instagram code. Don't share it.", "123456",
	  "Instagram", K },
	{ "Use 48201 to verify your Facebook account.", "48201", "Facebook",
	  K },
	{ "Your TikTok code is 482910. Don't share it with anyone.", "482910",
	  "TikTok", K },
	{ "Snapchat code: 338 812. Happy Snapping!", "338812", "Snapchat", K },
	{ "Your Twitter confirmation code is 482-913.", "482913", "Twitter",
	  K },
	{ "Your Discord verification code is: 491 820", "491820", "Discord",
	  K },
	{ "Your WhatsApp code: 123-456\nYou can also tap on this link to "
	  "verify your phone: v.whatsapp.com/123456\nDon't share this code "
	  "with others", "123456", "WhatsApp", K },
	{ "Telegram code: 62817\n\nDo not give this code to anyone, even if "
	  "they say they are from Telegram!\n\nThis code can be used to log "
	  "in to your Telegram account. We never ask it for anything else.\n\n"
	  "If you didn't request this code by trying to log in on another "
	  "device, simply ignore this message.", "62817", "Telegram", K },
	{ "Uber: Your code is 4821. Never share this code. Reply STOP ASAP to "
	  "2345678 to unsubscribe.", "4821", "Uber", K },
	{ "Your Lyft code is 3519", "3519", "Lyft", K },
	{ "Bolt: 4821 is your verification code", "4821", "Bolt", K },
	{ "Code 5519 for Lime. Do not share.", "5519", "Lime", K },
	/* --- English: banks and money ----------------------------------- */
	{ "PayPal: Your security code is: 583911. Your code expires in 10 "
	  "minutes. Please don't reply.", "583911", "PayPal", K },
	{ "Chase: Your one-time code is 55190837. We'll never call you to ask "
	  "for it. Msg&data rates may apply.", "55190837", "Chase", K },
	{ "Dear Customer, OTP for your transaction of INR 5,000.00 at AMAZON "
	  "is 601823. Valid for 10 mins. Do not share. - HDFC Bank", "601823",
	  "HDFC Bank", K },
	{ "Your Coinbase verification code is: 7712 9934. Don't share this "
	  "code with anyone; our employees will never ask for the code.",
	  "77129934", "Coinbase", K },
	{ "Your Revolut code: 228 901. Never share it, not even with Revolut.",
	  "228901", "Revolut", K },
	{ "[Binance] Verification code: 829103. You are trying to log in. "
	  "If this was not you, freeze your account.", "829103", "Binance",
	  K },
	{ "Your Acme login code: K7X9QP", "K7X9QP", "Acme", K },
	{ "Your Epic Games security code: 7HK2QX", "7HK2QX", "Epic Games", K },
	{ "Your OTP for login is 0482. Valid for 5 minutes.", "0482", "", K },
	{ "YOUR VERIFICATION CODE IS 482019", "482019", "", K },
	/* --- English: a code among other numbers ------------------------ */
	{ "Your login code is 739201 and expires at 14:05.", "739201", "", K },
	{ "Your verification code is 482910. Your order 10293847 will ship "
	  "soon.", "482910", "", K },
	{ "Call 0800 123 4567 if you did not request code 551209", "551209",
	  "", K },
	{ "Your ExampleCo payment code is 747723.\n\n@example.com #747723 "
	  "@ecommerce.example", "747723", "ExampleCo", O },
	{ "@bank.example #A1B2C3", "A1B2C3", "bank.example", O },
	/* --- Alone: no code word, one code-shaped token ----------------- */
	{ "G-558210", "G-558210", "", A },
	{ "Enter 739 104 on the sign-up page", "739104", "", A },
	/* --- German ----------------------------------------------------- */
	{ "Ihr Google-Best\xc3\xa4tigungscode lautet 482913.", "482913",
	  "Google", K },
	{ "Dein WhatsApp-Code: 123-456. Du kannst auch auf diesen Link "
	  "tippen, um deine Telefonnummer zu best\xc3\xa4tigen.", "123456",
	  "WhatsApp", K },
	{ "Ihre mTAN f\xc3\xbcr die \xc3\x9c" "berweisung von 1.250,00 EUR an "
	  "Max Mustermann lautet: 582019. Sparkasse", "582019", "Sparkasse",
	  K },
	{ "Ihr Anmeldecode f\xc3\xbcr Commerzbank lautet 7734 9021. Geben Sie "
	  "diesen Code niemals weiter.", "77349021", "Commerzbank", K },
	/* --- French, Spanish, Italian, Portuguese, Dutch ---------------- */
	{ "Votre code de v\xc3\xa9rification Airbnb est 482913.", "482913",
	  "Airbnb", K },
	{ "Votre code Uber est 3385. Ne le partagez pas.", "3385", "Uber", K },
	{ "Cr\xc3\xa9" "dit Agricole : votre code de s\xc3\xa9" "curit\xc3\xa9 "
	  "pour l'op\xc3\xa9ration de 149,90 EUR est 482193.", "482193",
	  "Cr\xc3\xa9" "dit Agricole", K },
	{ "G-482913 es tu c\xc3\xb3" "digo de verificaci\xc3\xb3n de Google.",
	  "G-482913", "Google", K },
	{ "Tu c\xc3\xb3" "digo de WhatsApp: 551-902. No lo compartas con "
	  "nadie.", "551902", "WhatsApp", K },
	{ "BBVA: La clave de operaci\xc3\xb3n para tu compra de 35,00 EUR en "
	  "AMAZON es 728193. No la compartas.", "728193", "BBVA", K },
	{ "Il tuo codice di verifica Amazon \xc3\xa8 482019", "482019",
	  "Amazon", K },
	{ "Seu c\xc3\xb3" "digo de verifica\xc3\xa7\xc3\xa3o do Nubank "
	  "\xc3\xa9 382910", "382910", "Nubank", K },
	{ "Uw verificatiecode voor ING is 481920", "481920", "ING", K },
	/* --- Japanese, Chinese, Korean, Russian ------------------------- */
	{ "\xe3\x80\x90" "Amazon\xe3\x80\x91\xe8\xaa\x8d\xe8\xa8\xbc\xe3\x82"
	  "\xb3\xe3\x83\xbc\xe3\x83\x89\xef\xbc\x9a" "481920\xe3\x80\x82\xe3"
	  "\x81\x93\xe3\x81\xae\xe3\x82\xb3\xe3\x83\xbc\xe3\x83\x89\xe3\x82\x92"
	  "\xe8\xaa\xb0\xe3\x81\xab\xe3\x82\x82\xe6\x95\x99\xe3\x81\x88\xe3\x81"
	  "\xaa\xe3\x81\x84\xe3\x81\xa7\xe3\x81\x8f\xe3\x81\xa0\xe3\x81\x95\xe3"
	  "\x81\x84\xe3\x80\x82", "481920", "Amazon", K },
	/* Googleの確認コードは 558291 です。 */
	{ "Google\xe3\x81\xae\xe7\xa2\xba\xe8\xaa\x8d\xe3\x82\xb3\xe3\x83\xbc"
	  "\xe3\x83\x89\xe3\x81\xaf 558291 \xe3\x81\xa7\xe3\x81\x99"
	  "\xe3\x80\x82", "558291", "Google", K },
	/* [LINE] 認証番号：2910 / この番号をLINEで入力してください。 */
	{ "[LINE] \xe8\xaa\x8d\xe8\xa8\xbc\xe7\x95\xaa\xe5\x8f\xb7\xef\xbc\x9a"
	  "2910\n\xe3\x81\x93\xe3\x81\xae\xe7\x95\xaa\xe5\x8f\xb7\xe3\x82\x92"
	  "LINE\xe3\x81\xa7\xe5\x85\xa5\xe5\x8a\x9b\xe3\x81\x97\xe3\x81\xa6\xe3"
	  "\x81\x8f\xe3\x81\xa0\xe3\x81\x95\xe3\x81\x84\xe3\x80\x82", "2910",
	  "LINE", K },
	/* 【腾讯科技】您的验证码为 482019，5分钟内有效。请勿泄露给他人。 */
	{ "\xe3\x80\x90\xe8\x85\xbe\xe8\xae\xaf\xe7\xa7\x91\xe6\x8a\x80\xe3\x80"
	  "\x91\xe6\x82\xa8\xe7\x9a\x84\xe9\xaa\x8c\xe8\xaf\x81\xe7\xa0\x81\xe4"
	  "\xb8\xba 482019\xef\xbc\x8c" "5\xe5\x88\x86\xe9\x92\x9f\xe5\x86\x85"
	  "\xe6\x9c\x89\xe6\x95\x88\xe3\x80\x82\xe8\xaf\xb7\xe5\x8b\xbf\xe6\xb3"
	  "\x84\xe9\x9c\xb2\xe7\xbb\x99\xe4\xbb\x96\xe4\xba\xba\xe3\x80\x82",
	  "482019", "\xe8\x85\xbe\xe8\xae\xaf\xe7\xa7\x91\xe6\x8a\x80", K },
	/* 【支付宝】验证码：731920，您正在登录支付宝，切勿告知他人。 */
	{ "\xe3\x80\x90\xe6\x94\xaf\xe4\xbb\x98\xe5\xae\x9d\xe3\x80\x91\xe9\xaa"
	  "\x8c\xe8\xaf\x81\xe7\xa0\x81\xef\xbc\x9a" "731920\xef\xbc\x8c\xe6"
	  "\x82\xa8\xe6\xad\xa3\xe5\x9c\xa8\xe7\x99\xbb\xe5\xbd\x95\xe6\x94\xaf"
	  "\xe4\xbb\x98\xe5\xae\x9d\xef\xbc\x8c\xe5\x88\x87\xe5\x8b\xbf\xe5\x91"
	  "\x8a\xe7\x9f\xa5\xe4\xbb\x96\xe4\xba\xba\xe3\x80\x82", "731920",
	  "\xe6\x94\xaf\xe4\xbb\x98\xe5\xae\x9d", K },
	/* 【京东】订单号123456789的验证码是582910，请勿泄露。 */
	{ "\xe3\x80\x90\xe4\xba\xac\xe4\xb8\x9c\xe3\x80\x91\xe8\xae\xa2\xe5\x8d"
	  "\x95\xe5\x8f\xb7" "123456789\xe7\x9a\x84\xe9\xaa\x8c\xe8\xaf\x81\xe7"
	  "\xa0\x81\xe6\x98\xaf" "582910\xef\xbc\x8c\xe8\xaf\xb7\xe5\x8b\xbf"
	  "\xe6\xb3\x84\xe9\x9c\xb2\xe3\x80\x82", "582910",
	  "\xe4\xba\xac\xe4\xb8\x9c", K },
	/* [Web발신] / [네이버] 인증번호[482913]입니다. 타인에게 절대 알려주지
	 * 마세요. */
	{ "[Web\xeb\xb0\x9c\xec\x8b\xa0]\n[\xeb\x84\xa4\xec\x9d\xb4\xeb\xb2"
	  "\x84] \xec\x9d\xb8\xec\xa6\x9d\xeb\xb2\x88\xed\x98\xb8[482913]\xec"
	  "\x9e\x85\xeb\x8b\x88\xeb\x8b\xa4. \xed\x83\x80\xec\x9d\xb8\xec\x97"
	  "\x90\xea\xb2\x8c \xec\xa0\x88\xeb\x8c\x80 \xec\x95\x8c\xeb\xa0\xa4"
	  "\xec\xa3\xbc\xec\xa7\x80 \xeb\xa7\x88\xec\x84\xb8\xec\x9a\x94.",
	  "482913", "\xeb\x84\xa4\xec\x9d\xb4\xeb\xb2\x84", K },
	/* Код подтверждения: 4821. Никому не сообщайте этот код. */
	{ "\xd0\x9a\xd0\xbe\xd0\xb4 \xd0\xbf\xd0\xbe\xd0\xb4\xd1\x82\xd0\xb2"
	  "\xd0\xb5\xd1\x80\xd0\xb6\xd0\xb4\xd0\xb5\xd0\xbd\xd0\xb8\xd1\x8f: "
	  "4821. \xd0\x9d\xd0\xb8\xd0\xba\xd0\xbe\xd0\xbc\xd1\x83 \xd0\xbd"
	  "\xd0\xb5 \xd1\x81\xd0\xbe\xd0\xbe\xd0\xb1\xd1\x89\xd0\xb0\xd0\xb9"
	  "\xd1\x82\xd0\xb5 \xd1\x8d\xd1\x82\xd0\xbe\xd1\x82 \xd0\xba\xd0\xbe"
	  "\xd0\xb4.", "4821", "", K },
	/* --- More services, more languages ------------------------------ */
	{ "Yahoo! account: 482913 is your verification code", "482913", "",
	  K },
	{ "Nintendo Account: Your verification code is 4829", "4829",
	  "Nintendo Account", K },
	{ "Your one-time PIN for Okta is 482913", "482913", "Okta", K },
	{ "[Alibaba Cloud] Your verification code is 482913, valid for 5 "
	  "minutes.", "482913", "Alibaba Cloud", K },
	{ "Your SBI OTP is 482913 for txn of Rs.1,500.00 at AMAZON on "
	  "12-05-24. Valid till 10:35. Do not share.", "482913", "SBI", K },
	{ "482913 is OTP for your ICICI Bank transaction of INR 2,499.00 at "
	  "FLIPKART. OTP valid for 3 mins. Never share OTP with anyone.",
	  "482913", "ICICI Bank", K },
	{ "Your code is 482913. If you did not request it, call us on 0800 555 "
	  "0100 or +44 20 7946 0958.", "482913", "", K },
	{ "Code: 55881 (valid 10 min) for order #4471", "55881", "", K },
	{ "Sparkasse: Ihre TAN f\xc3\xbcr den Auftrag 4711 lautet 482913",
	  "482913", "Sparkasse", K },
	{ "Votre code de connexion Free Mobile : 482913", "482913",
	  "Free Mobile", K },
	{ "Tu c\xc3\xb3" "digo de acceso a Mercado Libre es 482913", "482913",
	  "Mercado Libre", K },
	{ "Tw\xc3\xb3j kod weryfikacyjny to 482913", "482913", "", K },
	{ "Do\xc4\x9frulama kodunuz: 482913", "482913", "", K },
	{ "Din engangskode er 482913", "482913", "", K },
	/* Ваш код для входа в Telegram: 48291 */
	{ "\xd0\x92\xd0\xb0\xd1\x88 \xd0\xba\xd0\xbe\xd0\xb4 \xd0\xb4\xd0\xbb"
	  "\xd1\x8f \xd0\xb2\xd1\x85\xd0\xbe\xd0\xb4\xd0\xb0 \xd0\xb2 "
	  "Telegram: 48291", "48291", "Telegram", K },
	/* 您的验证码是482913，请在10分钟内完成验证。 */
	{ "\xe6\x82\xa8\xe7\x9a\x84\xe9\xaa\x8c\xe8\xaf\x81\xe7\xa0\x81\xe6"
	  "\x98\xaf" "482913\xef\xbc\x8c\xe8\xaf\xb7\xe5\x9c\xa8" "10\xe5\x88"
	  "\x86\xe9\x92\x9f\xe5\x86\x85\xe5\xae\x8c\xe6\x88\x90\xe9\xaa\x8c\xe8"
	  "\xaf\x81\xe3\x80\x82", "482913", "", K },
	/* --- No code: amounts, dates, phone numbers, deliveries, chat --- */
	{ "Flight UA1234 to SFO departs at 18:45 from gate B22. Seat 14C.", "",
	  "", N },
	{ "Your Uber is arriving in 3 minutes. License plate ABC1234.", "", "",
	  N },
	{ "Your Verizon bill of $85.42 is due 06/15. Pay at vzw.com/pay", "",
	  "", N },
	{ "Your PIN has been changed. If this wasn't you, call 800-555-0100.",
	  "", "", N },
	{ "Meeting on 2024-06-12 at 10:45 in room 4.12", "", "", N },
	{ "Order 48291377 shipped", "", "", N },
	{ "Call me back at 5550100123", "", "", N },
	{ "Your account ending in 4821 was debited USD 1,234.56 on 12/05/2024. "
	  "Balance: USD 9,876.54. Call 1-800-555-0199 if this wasn't you.",
	  "", "", N },
	{ "Your card ending 4821 was charged $12.00 at Starbucks. Not you? "
	  "Reply NO.", "", "", N },
	{ "You sent \xe2\x82\xac" "1.250,00 to Anna Schmidt. Reference: "
	  "20240612-88321", "", "", N },
	{ "Your subscription renews on 2024-07-01 for $9.99.", "", "", N },
	{ "Your UPS package 1Z999AA10123456784 will be delivered today between "
	  "2:00 PM and 6:00 PM. Track at ups.com/track", "", "", N },
	{ "Your order #112-4839201-2234 has shipped! Track your package: "
	  "amzn.to/3xYz", "", "", N },
	{ "Your tracking code is 1Z999AA10123456784", "", "", N },
	{ "DHL: Ihre Sendung 00340434161234567890 wird heute zwischen 10:00 "
	  "und 14:00 Uhr zugestellt.", "", "DHL", N },
	{ "Ihre Bestellung 302-1234567-1234567 wurde versandt. "
	  "Voraussichtliche Lieferung: Mittwoch, 12.06.", "", "", N },
	{ "Colissimo : votre colis 6A12345678901 sera livr\xc3\xa9 demain "
	  "entre 9h et 13h.", "", "Colissimo", N },
	/* 【顺丰速运】您的快件SF1234567890123已到达，请及时查收。 */
	{ "\xe3\x80\x90\xe9\xa1\xba\xe4\xb8\xb0\xe9\x80\x9f\xe8\xbf\x90\xe3\x80"
	  "\x91\xe6\x82\xa8\xe7\x9a\x84\xe5\xbf\xab\xe4\xbb\xb6SF1234567890123"
	  "\xe5\xb7\xb2\xe5\x88\xb0\xe8\xbe\xbe\xef\xbc\x8c\xe8\xaf\xb7\xe5\x8f"
	  "\x8a\xe6\x97\xb6\xe6\x9f\xa5\xe6\x94\xb6\xe3\x80\x82", "",
	  "\xe9\xa1\xba\xe4\xb8\xb0\xe9\x80\x9f\xe8\xbf\x90", N },
	{ "Reminder: your appointment with Dr. Smith is on 03/14 at 10:30 AM. "
	  "Reply C to confirm or R to reschedule.", "", "", N },
	{ "Your table is booked for 19:30. Booking ref 4821", "", "", N },
	{ "Please confirm your zip code 94107 to continue", "", "", N },
	{ "Hey, are we still on for lunch at 12:30? Call me at 555-0134", "",
	  "", N },
	{ "Missed call from +1 555 010 0199 at 14:32. Call back: 555-010-0199",
	  "", "", N },
	{ "FLASH SALE! Use code SAVE20 at checkout for 20% off everything. "
	  "Reply STOP to opt out.", "", "", N },
	{ "Your code has expired. Please request a new one.", "", "", N },
	{ "something @example.com #747723", "", "", N },
	{ "Happy birthday! See you on Saturday at 7.", "", "", N },
	{ "", "", "", N },
};

static void
test_table(void **state)
{
	struct sms_extract x;
	size_t i, bad = 0;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		const struct extract_case *c = &cases[i];

		assert_int_equal(sms_extract(c->body, strlen(c->body), &x), 0);
		if (strcmp(x.code, c->code) != 0 ||
		    strcmp(x.service, c->service) != 0 || x.rule != c->rule) {
			print_message("case %zu: got code \"%s\" service "
			    "\"%s\" rule %s, want \"%s\" \"%s\" %s\n    %s\n",
			    i, x.code, x.service, sms_rule_name(x.rule),
			    c->code, c->service, sms_rule_name(c->rule),
			    c->body);
			bad++;
		}
		if (c->rule == SMS_RULE_NONE)
			assert_int_equal(x.confidence, 0);
		else
			assert_in_range(x.confidence, 1, 100);
		sms_extract_clear(&x);
	}
	if (bad > 0)
		fail_msg("%zu of %zu texts misread", bad, ARRAY_LEN(cases));
}

/* At least sixty texts, as the issue asks. */
static void
test_table_size(void **state)
{
	(void)state;
	assert_true(ARRAY_LEN(cases) >= 60);
}

static void
test_refuses_oversize_and_bad_utf8(void **state)
{
	struct sms_extract x;
	char *big = malloc(LIMIT_SMS_BODY + 1);

	(void)state;
	assert_non_null(big);
	memset(big, 'a', LIMIT_SMS_BODY + 1);
	assert_int_equal(sms_extract(big, LIMIT_SMS_BODY + 1, &x), -1);
	assert_string_equal(x.code, "");
	/* Exactly the cap is fine. */
	assert_int_equal(sms_extract(big, LIMIT_SMS_BODY, &x), 0);
	free(big);
	assert_int_equal(sms_extract("code \xff 123456", 13, &x), -1);
	assert_int_equal(sms_extract("code \xc0\xaf 123456", 14, &x), -1);
}

/* A code at the end of a full-size text is still found, and a text of
 * nothing but digit groups and code words stays bounded. */
static void
test_long_texts(void **state)
{
	struct sms_extract x;
	char *buf = malloc(LIMIT_SMS_BODY);
	const char *tail = " Your code is 482913";
	size_t i, n;

	(void)state;
	assert_non_null(buf);
	n = LIMIT_SMS_BODY - strlen(tail);
	for (i = 0; i < n; i++)
		buf[i] = "lorem ipsum "[i % 12];
	memcpy(buf + n, tail, strlen(tail));
	assert_int_equal(sms_extract(buf, LIMIT_SMS_BODY, &x), 0);
	assert_string_equal(x.code, "482913");
	for (i = 0; i < LIMIT_SMS_BODY; i++)
		buf[i] = "code 1234 5678-"[i % 15];
	assert_int_equal(sms_extract(buf, LIMIT_SMS_BODY, &x), 0);
	free(buf);
}

/* Not NUL-terminated input is read only up to len. */
static void
test_length_not_nul(void **state)
{
	struct sms_extract x;
	const char body[] = "Your code is 482913999";

	(void)state;
	assert_int_equal(sms_extract(body, strlen(body) - 3, &x), 0);
	assert_string_equal(x.code, "482913");
}

static void
test_rule_names(void **state)
{
	(void)state;
	assert_string_equal(sms_rule_name(SMS_RULE_NONE), "none");
	assert_string_equal(sms_rule_name(SMS_RULE_ORIGIN), "origin");
	assert_string_equal(sms_rule_name(SMS_RULE_KEYWORD), "keyword");
	assert_string_equal(sms_rule_name(SMS_RULE_ALONE), "alone");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_table_size),
		cmocka_unit_test(test_refuses_oversize_and_bad_utf8),
		cmocka_unit_test(test_long_texts),
		cmocka_unit_test(test_length_not_nul),
		cmocka_unit_test(test_rule_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
