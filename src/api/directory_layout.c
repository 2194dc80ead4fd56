/*
 * directory_layout.c -- the frame of every directory page (head, style,
 * header, footer with the dataset's attribution and licence notice), and
 * GET /directory/license with the licence in full.
 *
 * Why: the 2FA Directory's data is MIT-licensed and its maintainers ask
 * for "Data sourced from 2FA Directory by 2factorauth." on every page that
 * shows it; putting it in the one footer every page ends with makes that
 * impossible to forget. The style is inline (the CSP allows inline styles
 * for HTML, nothing else), small, and readable on a phone.
 */
#include "api/api.h"
#include "api/directory_int.h"
#include "directory/view.h"

static const char style[] =
	"<style>\n"
	"body{font-family:system-ui,sans-serif;line-height:1.5;margin:0 auto;"
	"max-width:46em;padding:0 1em;color:#1b1b1b;background:#fff}\n"
	"header,footer{padding:.75em 0;border-bottom:1px solid #ddd}\n"
	"footer{border-top:1px solid #ddd;border-bottom:0;font-size:.9em;"
	"color:#444;margin-top:2em}\n"
	"a{color:#0645ad}h1{font-size:1.6em;line-height:1.25}\n"
	"table{border-collapse:collapse;width:100%}\n"
	"th,td{text-align:left;padding:.35em .5em;border-bottom:1px solid #eee;"
	"vertical-align:top}\n"
	".yes{color:#0a6b2b;font-weight:bold}.no{color:#a3141c;"
	"font-weight:bold}\n"
	".verdict{font-size:1.25em;padding:.5em .75em;border-radius:.4em;"
	"background:#f3f6f4}\n"
	".score{font-size:1.4em;font-weight:bold}\n"
	"form{display:flex;flex-wrap:wrap;gap:.5em;align-items:end}\n"
	"form label{display:flex;flex-direction:column;font-size:.9em}\n"
	"input,select,button{font-size:1em;padding:.3em}\n"
	"dt{font-weight:bold;margin-top:.75em}\n"
	"@media (max-width:30em){body{font-size:1.05em}th,td{padding:.3em}}\n"
	"</style>\n";

void
dir_html_head(struct html *h, const char *title)
{
	html_raw(h, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>");
	html_text(h, title);
	html_raw(h, "</title>\n");
	html_raw(h, style);
	html_raw(h, "</head>\n<body>\n<header><a href=\"/directory\">Kaito "
	    "&middot; 2FA directory</a></header>\n<main>\n");
}

void
dir_html_foot(struct html *h)
{
	html_raw(h, "</main>\n<footer>\n<p>" DIR_ATTRIBUTION " (<a href=\""
	    "https://2fa.directory/\">2fa.directory</a>)</p>\n<p>The data "
	    "is published under the MIT License: Copyright &copy; 2021 "
	    "2factorauth and Contributors; Copyright &copy; 2014-2020 Josh "
	    "Davis. <a href=\"/directory/license\">Full licence text</a>. "
	    "Scores, steps and sharing notes are Kaito's own.</p>\n"
	    "</footer>\n</body></html>\n");
}

static const char mit_text[] =
	"<p>Permission is hereby granted, free of charge, to any person "
	"obtaining a copy of this software and associated documentation files "
	"(the &quot;Software&quot;), to deal in the Software without "
	"restriction, including without limitation the rights to use, copy, "
	"modify, merge, publish, distribute, sublicense, and/or sell copies "
	"of the Software, and to permit persons to whom the Software is "
	"furnished to do so, subject to the following conditions:</p>\n"
	"<p>The above copyright notice and this permission notice shall be "
	"included in all copies or substantial portions of the Software.</p>\n"
	"<p>THE SOFTWARE IS PROVIDED &quot;AS IS&quot;, WITHOUT WARRANTY OF "
	"ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE "
	"WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND "
	"NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS "
	"BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN "
	"ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN "
	"CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE "
	"SOFTWARE.</p>\n";

int
api_directory_license_page(struct req *r)
{
	struct html h;

	html_init(&h);
	dir_html_head(&h, "2FA Directory data licence");
	html_raw(&h, "<h1>2FA Directory data licence</h1>\n<p>The directory's "
	    "data comes from the <a href=\"https://2fa.directory/\">2FA "
	    "Directory</a> (<a href=\"https://github.com/2factorauth/"
	    "twofactorauth\">2factorauth/twofactorauth</a>), under this "
	    "licence. Logos are not covered by it and are not shown.</p>\n"
	    "<h2>MIT License</h2>\n<p>Copyright &copy; 2021 2factorauth and "
	    "Contributors.<br>Copyright (c) 2014-2020 Josh Davis</p>\n");
	html_raw(&h, mit_text);
	dir_html_foot(&h);
	return html_respond(r, 200, &h);
}
