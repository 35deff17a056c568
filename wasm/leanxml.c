/*
 * goose-deps: a lean reader for rpm-md XML, in place of expat for repo_add_rpmmd.
 *
 * wasm/build.sh appends `#include "leanxml.c"` to libsolv's ext/solv_xmlparser.c and renames that
 * file's expat driver (solv_xmlparser_parse, solv_xmlparser_lineno) to gd_expat_parse and
 * gd_expat_lineno, so this file calls the very handlers expat would call (start_element,
 * end_element, character_data) and decides which reader runs. Every other libsolv reader (repomd,
 * comps, testcases) still gets expat: the lean reader runs only while gd_leanxml_enabled is set,
 * which glue.c's lean reader section does around one repo_add_rpmmd.
 *
 * Why: in a profile of the wasm parse of a large primary, expat had half of the self time. rpm-md
 * is a narrow dialect: start and end tags, attributes, the five predefined entities and character
 * references, comments, an XML declaration. This reader handles exactly that, in one pass over a
 * buffer, attribute values decoded in place.
 *
 * The contract: on every document it accepts it makes the same handler calls with the same names,
 * attributes and (concatenated) character data as expat, so libsolv builds the same repo. It
 * accepts only what it is sure expat accepts alike: ASCII names, strictly valid UTF-8, XML 1.0
 * characters. On anything else (a DOCTYPE, CDATA, a processing instruction, a non-UTF-8 encoding
 * declaration, a non-ASCII name, a malformed or truncated document, a handler asking for a line
 * number, which only expat knows) it declines: it stops, sets gd_leanxml_declined, and the caller
 * drops the repo and parses the document again from its start with expat, so errors and their
 * messages are always expat's. What expat does, as these rules follow it:
 * - attribute values: each literal tab, newline and carriage return becomes a space (a CR LF pair
 *   one space); references are replaced by their characters, not normalised (no DTD: all CDATA);
 * - character data: CR LF and a lone CR become LF; references replaced;
 * - well-formedness: matching end tags, one root, no duplicate attribute, whitespace between
 *   attributes, no `<` in a value, no `]]>` in text, no `--` inside a comment, an XML
 *   declaration only at the very start (after a UTF-8 byte order mark).
 */

int gd_leanxml_enabled;  /* set by glue.c around the one repo_add_rpmmd that should use this reader */
int gd_leanxml_declined; /* set when this reader declined the document: parse it again with expat */

#define LX_NEED (-1)    /* the token at the returned offset is incomplete: read more */
#define LX_DECLINE (-2) /* something this reader does not handle: let expat parse the document */
#define LX_MAXATTS 64

/* Byte classes. */
#define C_NAME 1      /* ASCII name character */
#define C_NAMESTART 2 /* ASCII name start character */
#define C_WS 4        /* XML whitespace */
#define C_TEXT 8      /* character data that needs no look: not '<', '&', CR, ']', a control or non-ASCII byte */
#define C_ATTR 16     /* attribute value byte that needs no look: C_TEXT plus ']', minus quotes */

static unsigned char lx_class[256];

static void
lx_init_classes(void)
{
  int c;
  if (lx_class['a'])
    return;
  for (c = 0x20; c < 0x7f; c++)
    lx_class[c] = C_TEXT | C_ATTR; /* DEL (0x7f) and the other controls: declined */
  lx_class['<'] = lx_class['&'] = 0;
  lx_class[']'] = C_ATTR;
  lx_class['"'] = lx_class['\''] = C_TEXT;
  for (c = 'a'; c <= 'z'; c++)
    lx_class[c] |= C_NAME | C_NAMESTART;
  for (c = 'A'; c <= 'Z'; c++)
    lx_class[c] |= C_NAME | C_NAMESTART;
  for (c = '0'; c <= '9'; c++)
    lx_class[c] |= C_NAME;
  lx_class['_'] |= C_NAME | C_NAMESTART;
  lx_class[':'] |= C_NAME | C_NAMESTART;
  lx_class['-'] |= C_NAME;
  lx_class['.'] |= C_NAME;
  lx_class['\t'] = C_TEXT | C_WS;
  lx_class['\n'] = C_TEXT | C_WS;
  lx_class['\r'] = C_WS;
  lx_class[' '] |= C_WS;
}

/*
 * Length of the valid UTF-8 sequence at p (2-4), 0 when it is invalid or a character expat
 * rejects (surrogates, U+FFFE, U+FFFF, past U+10FFFF, overlong forms), -1 when it may be valid
 * but runs past end.
 */
static inline int
lx_utf8(const unsigned char *p, const unsigned char *end)
{
  unsigned char c = p[0];
  int n = c < 0xc2 ? 0 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : c < 0xf5 ? 4 : 0;
  int i;
  if (!n)
    return 0;
  if (end - p < n)
    {
      for (i = 1; i < end - p; i++)
	if ((p[i] & 0xc0) != 0x80)
	  return 0;
      return -1;
    }
  for (i = 1; i < n; i++)
    if ((p[i] & 0xc0) != 0x80)
      return 0;
  if (n == 3)
    {
      if (c == 0xe0 && p[1] < 0xa0)
	return 0; /* overlong */
      if (c == 0xed && p[1] >= 0xa0)
	return 0; /* surrogate */
      if (c == 0xef && p[1] == 0xbf && p[2] >= 0xbe)
	return 0; /* U+FFFE, U+FFFF */
    }
  else if (n == 4)
    {
      if (c == 0xf0 && p[1] < 0x90)
	return 0; /* overlong */
      if (c == 0xf4 && p[1] >= 0x90)
	return 0; /* past U+10FFFF */
    }
  return n;
}

/*
 * Decodes the reference at p ('&' ... ';', ending before end) into out (at most 4 bytes).
 * Returns its length in the input, LX_NEED when its ';' may lie past end, LX_DECLINE when it is
 * not one of the five predefined entities or a character reference to an XML character.
 */
static int
lx_ref(const unsigned char *p, const unsigned char *end, unsigned char *out, int *outlen)
{
  const unsigned char *q = p + 1, *semi;
  unsigned int v = 0;
  for (semi = q; semi < end && *semi != ';'; semi++)
    if (semi - p > 12)
      return LX_DECLINE;
  if (semi == end)
    return end - p > 12 ? LX_DECLINE : LX_NEED;
  if (*q != '#')
    {
      int l = semi - q;
      const char *s = (const char *)q;
      int c = l == 2 && !memcmp(s, "lt", 2) ? '<' : l == 2 && !memcmp(s, "gt", 2) ? '>' : l == 3 && !memcmp(s, "amp", 3) ? '&' :
	      l == 4 && !memcmp(s, "quot", 4) ? '"' : l == 4 && !memcmp(s, "apos", 4) ? '\'' : 0;
      if (!c)
	return LX_DECLINE;
      out[0] = c;
      *outlen = 1;
      return semi + 1 - p;
    }
  q++;
  if (q < semi && *q == 'x')
    {
      for (q++; q < semi; q++)
	{
	  unsigned char d = *q;
	  v = v * 16 + (d >= '0' && d <= '9' ? d - '0' : d >= 'a' && d <= 'f' ? d - 'a' + 10 : d >= 'A' && d <= 'F' ? d - 'A' + 10 : 0x200000);
	  if (v > 0x10ffff)
	    return LX_DECLINE;
	}
      if (semi - p < 4)
	return LX_DECLINE; /* "&#x;" */
    }
  else
    {
      for (; q < semi; q++)
	{
	  if (*q < '0' || *q > '9')
	    return LX_DECLINE;
	  v = v * 10 + (*q - '0');
	  if (v > 0x10ffff)
	    return LX_DECLINE;
	}
      if (semi - p < 3)
	return LX_DECLINE; /* "&#;" */
    }
  if (!(v == 9 || v == 10 || v == 13 || (v >= 0x20 && v <= 0xd7ff) || (v >= 0xe000 && v <= 0xfffd) || (v >= 0x10000 && v <= 0x10ffff)))
    return LX_DECLINE;
  if (v < 0x80)
    out[0] = v, *outlen = 1;
  else if (v < 0x800)
    out[0] = 0xc0 | v >> 6, out[1] = 0x80 | (v & 0x3f), *outlen = 2;
  else if (v < 0x10000)
    out[0] = 0xe0 | v >> 12, out[1] = 0x80 | (v >> 6 & 0x3f), out[2] = 0x80 | (v & 0x3f), *outlen = 3;
  else
    out[0] = 0xf0 | v >> 18, out[1] = 0x80 | (v >> 12 & 0x3f), out[2] = 0x80 | (v >> 6 & 0x3f), out[3] = 0x80 | (v & 0x3f), *outlen = 4;
  return semi + 1 - p;
}

/* The reader's state across buffers. */
struct lx {
  struct solv_xmlparser *xmlp;
  int phase;          /* 0 before anything, 1 in the prolog, 2 inside the root element, 3 after it */
  char *names;        /* the names of the open elements, each with its terminating 0 */
  int lnames, anames;
  int *starts;        /* where each open element's name starts in names */
  int depth, adepth;
  const char *atts[2 * LX_MAXATTS + 1];
};

/*
 * Decodes an attribute value in place (it only shrinks): whitespace characters become spaces,
 * CR LF one space, references their characters. The value was checked by the caller but for its
 * references. Returns the new length, or LX_DECLINE.
 */
static int
lx_attr_decode(unsigned char *v, int len)
{
  unsigned char *r = v, *w = v, *end = v + len;
  while (r < end)
    {
      unsigned char c = *r;
      if (c == '&')
	{
	  int ol, n = lx_ref(r, end, w, &ol);
	  if (n < 0)
	    return LX_DECLINE;
	  r += n;
	  w += ol;
	}
      else if (c == '\r')
	{
	  *w++ = ' ';
	  r += r + 1 < end && r[1] == '\n' ? 2 : 1;
	}
      else
	{
	  *w++ = c == '\t' || c == '\n' ? ' ' : c;
	  r++;
	}
    }
  return w - v;
}

/* The XML declaration at p (ending before end): its length, LX_NEED or LX_DECLINE. */
static int
lx_xmldecl(const unsigned char *p, const unsigned char *end)
{
  static const char *const names[3] = { "version", "encoding", "standalone" };
  const unsigned char *q = p + 5, *e;
  int k = 0, ws;
  for (e = q; e + 1 < end && !(e[0] == '?' && e[1] == '>'); e++)
    ;
  if (e + 1 >= end)
    return end - p > 512 ? LX_DECLINE : LX_NEED;
  for (;;)
    {
      const unsigned char *n, *v;
      unsigned char quote;
      int nl, vl;
      for (ws = 0; q < e && (lx_class[*q] & C_WS); q++)
	ws = 1;
      if (q == e)
	return k ? e + 2 - p : LX_DECLINE;
      if (!ws)
	return LX_DECLINE;
      for (n = q; q < e && (lx_class[*q] & C_NAME); q++)
	;
      nl = q - n;
      while (k < 3 && (strlen(names[k]) != (size_t)nl || memcmp(n, names[k], nl)))
	{
	  if (k == 0)
	    return LX_DECLINE; /* version comes first */
	  k++;
	}
      if (k == 3)
	return LX_DECLINE;
      if (q == e || *q++ != '=') /* no whitespace around '=' here: rare, left to expat */
	return LX_DECLINE;
      if (q == e || (*q != '"' && *q != '\''))
	return LX_DECLINE;
      quote = *q++;
      for (v = q; q < e && *q != quote; q++)
	;
      if (q == e)
	return LX_DECLINE;
      vl = q++ - v;
      if (k == 0 && !(vl == 3 && !memcmp(v, "1.0", 3)))
	return LX_DECLINE;
      if (k == 1 && !(vl == 5 && (v[0] | 0x20) == 'u' && (v[1] | 0x20) == 't' && (v[2] | 0x20) == 'f' && v[3] == '-' && v[4] == '8'))
	return LX_DECLINE;
      if (k == 2 && !((vl == 3 && !memcmp(v, "yes", 3)) || (vl == 2 && !memcmp(v, "no", 2))))
	return LX_DECLINE;
      k++;
    }
}

/* A comment at p ("<!--"): its length, LX_NEED or LX_DECLINE. */
static int
lx_comment(const unsigned char *p, const unsigned char *end)
{
  const unsigned char *q = p + 4;
  while (q < end)
    {
      unsigned char c = *q;
      if (c == '-')
	{
	  if (end - q < 3)
	    return LX_NEED;
	  if (q[1] == '-')
	    return q[2] == '>' ? q + 3 - p : LX_DECLINE;
	  q++;
	}
      else if (c < 0x80)
	{
	  if ((c < 0x20 && !(lx_class[c] & C_WS)) || c == 0x7f)
	    return LX_DECLINE;
	  q++;
	}
      else
	{
	  int n = lx_utf8(q, end);
	  if (n == 0)
	    return LX_DECLINE;
	  if (n < 0)
	    return LX_NEED;
	  q += n;
	}
    }
  return LX_NEED;
}

/* Pushes an open element's name; 0 on success. */
static int
lx_push(struct lx *lx, const unsigned char *name, int len)
{
  if (lx->lnames + len + 1 > lx->anames)
    {
      lx->anames = (lx->lnames + len + 1) * 2;
      lx->names = solv_realloc(lx->names, lx->anames);
    }
  if (lx->depth == lx->adepth)
    {
      lx->adepth = lx->adepth * 2 + 16;
      lx->starts = solv_realloc2(lx->starts, lx->adepth, sizeof(int));
    }
  lx->starts[lx->depth++] = lx->lnames;
  memcpy(lx->names + lx->lnames, name, len);
  lx->names[lx->lnames + len] = 0;
  lx->lnames += len + 1;
  return 0;
}

/* Pops the innermost open element, which must be named name (len bytes); 0, or LX_DECLINE. */
static int
lx_pop(struct lx *lx, const unsigned char *name, int len)
{
  int start;
  if (!lx->depth)
    return LX_DECLINE;
  start = lx->starts[lx->depth - 1];
  if (lx->lnames - start - 1 != len || memcmp(lx->names + start, name, len))
    return LX_DECLINE;
  end_element(lx->xmlp, lx->names + start);
  lx->depth--;
  lx->lnames = start;
  if (!lx->depth)
    lx->phase = 3;
  return 0;
}

/*
 * A start tag at p ('<' and a name start character): parses it, calls the handlers and returns
 * its length, or LX_NEED / LX_DECLINE. Names and values are terminated and decoded in place once
 * the whole tag is known to be there.
 */
static int
lx_start_tag(struct lx *lx, unsigned char *p, unsigned char *end)
{
  unsigned char *q = p + 1, *name = q;
  unsigned char *an[LX_MAXATTS], *av[LX_MAXATTS];
  int anl[LX_MAXATTS], avl[LX_MAXATTS], avflags[LX_MAXATTS];
  int nl, nat = 0, empty, i, j;
  while (q < end && (lx_class[*q] & C_NAME))
    q++;
  nl = q - name;
  for (;;)
    {
      int ws = 0, flags = 0;
      unsigned char quote, *v;
      while (q < end && (lx_class[*q] & C_WS))
	q++, ws = 1;
      if (q == end)
	return LX_NEED;
      if (*q == '>')
	{
	  empty = 0;
	  q++;
	  break;
	}
      if (*q == '/')
	{
	  if (q + 1 == end)
	    return LX_NEED;
	  if (q[1] != '>')
	    return LX_DECLINE;
	  empty = 1;
	  q += 2;
	  break;
	}
      if (!ws || !(lx_class[*q] & C_NAMESTART) || nat == LX_MAXATTS)
	return LX_DECLINE;
      an[nat] = q;
      while (q < end && (lx_class[*q] & C_NAME))
	q++;
      anl[nat] = q - an[nat];
      while (q < end && (lx_class[*q] & C_WS))
	q++;
      if (q == end)
	return LX_NEED;
      if (*q++ != '=')
	return LX_DECLINE;
      while (q < end && (lx_class[*q] & C_WS))
	q++;
      if (q == end)
	return LX_NEED;
      quote = *q++;
      if (quote != '"' && quote != '\'')
	return LX_DECLINE;
      v = q;
      for (;;)
	{
	  unsigned char c;
	  while (q < end && (lx_class[*q] & C_ATTR))
	    q++;
	  if (q == end)
	    return LX_NEED;
	  c = *q;
	  if (c == quote)
	    break;
	  if (c == '"' || c == '\'')
	    q++;
	  else if (c == '&' || (lx_class[c] & C_WS))
	    flags = 1, q++;
	  else if (c >= 0x80)
	    {
	      int n = lx_utf8(q, end);
	      if (n == 0)
		return LX_DECLINE;
	      if (n < 0)
		return LX_NEED;
	      q += n;
	    }
	  else
	    return LX_DECLINE; /* '<' or a control character */
	}
      av[nat] = v;
      avl[nat] = q - v;
      avflags[nat] = flags;
      nat++;
      q++;
    }
  /* The whole tag is here: check, terminate, decode, call. */
  for (i = 1; i < nat; i++)
    for (j = 0; j < i; j++)
      if (anl[i] == anl[j] && !memcmp(an[i], an[j], anl[i]))
	return LX_DECLINE;
  for (i = 0; i < nat; i++)
    {
      if (avflags[i] && (avl[i] = lx_attr_decode(av[i], avl[i])) < 0)
	return LX_DECLINE;
      an[i][anl[i]] = 0;
      av[i][avl[i]] = 0;
      lx->atts[2 * i] = (const char *)an[i];
      lx->atts[2 * i + 1] = (const char *)av[i];
    }
  lx->atts[2 * nat] = 0;
  lx_push(lx, name, nl);
  name[nl] = 0;
  start_element(lx->xmlp, (const char *)name, lx->atts);
  if (empty && lx_pop(lx, name, nl))
    return LX_DECLINE;
  return q - p;
}

/*
 * Reads buf[0, len): calls the handlers for every complete token and returns how many bytes it
 * consumed (the rest is an incomplete token, to be read again with more bytes after it), or
 * LX_DECLINE. With final set, there are no more bytes: an incomplete token declines.
 */
static int
lx_scan(struct lx *lx, unsigned char *buf, int len, int final, long long docpos)
{
  unsigned char *p = buf, *end = buf + len;
  struct solv_xmlparser *xmlp = lx->xmlp;
  int n;
  while (p < end)
    {
      if (lx->phase == 2)
	{
	  /* character data: a run of bytes passed as they are, up to markup or a byte to look at */
	  unsigned char *s = p;
	  unsigned char c;
	  for (;;)
	    {
	      while (p < end && (lx_class[*p] & C_TEXT))
		p++;
	      if (p == end)
		break;
	      c = *p;
	      if (c == ']')
		{
		  if (end - p < 3 && !final)
		    break;
		  if (end - p >= 3 && p[1] == ']' && p[2] == '>')
		    return LX_DECLINE;
		  p++;
		}
	      else if (c >= 0x80)
		{
		  n = lx_utf8(p, end);
		  if (n == 0 || (n < 0 && final))
		    return LX_DECLINE;
		  if (n < 0)
		    break;
		  p += n;
		}
	      else
		break;
	    }
	  if (p > s && xmlp->docontent)
	    character_data(xmlp, (const char *)s, p - s);
	  if (p == end)
	    break;
	  c = *p;
	  if (c == '&')
	    {
	      unsigned char out[4];
	      int ol;
	      n = lx_ref(p, end, out, &ol);
	      if (n == LX_NEED && !final)
		break;
	      if (n < 0)
		return LX_DECLINE;
	      if (xmlp->docontent)
		character_data(xmlp, (const char *)out, ol);
	      p += n;
	      continue;
	    }
	  if (c == '\r')
	    {
	      if (p + 1 == end && !final)
		break;
	      if (xmlp->docontent)
		character_data(xmlp, "\n", 1);
	      p += p + 1 < end && p[1] == '\n' ? 2 : 1;
	      continue;
	    }
	  if (c != '<')
	    {
	      if (c == ']' || c >= 0x80)
		break; /* needs more bytes */
	      return LX_DECLINE; /* a control character */
	    }
	}
      else
	{
	  /* prolog or epilog: whitespace and markup only */
	  if (lx->phase == 0 && docpos + (p - buf) == 0 && *p == 0xef)
	    {
	      if (end - p < 3 && !final)
		break;
	      if (end - p < 3 || p[1] != 0xbb || p[2] != 0xbf)
		return LX_DECLINE;
	      p += 3; /* a UTF-8 byte order mark; an XML declaration may still follow */
	      continue;
	    }
	  if (lx_class[*p] & C_WS)
	    {
	      lx->phase |= 1;
	      p++;
	      continue;
	    }
	  if (*p != '<')
	    return LX_DECLINE;
	}
      /* markup at p */
      if (end - p < 2)
	{
	  if (final)
	    return LX_DECLINE;
	  break;
	}
      if (p[1] == '/')
	{
	  unsigned char *q = p + 2, *name = q;
	  if (lx->phase != 2)
	    return LX_DECLINE;
	  while (q < end && (lx_class[*q] & C_NAME))
	    q++;
	  n = q - name;
	  while (q < end && (lx_class[*q] & C_WS))
	    q++;
	  if (q == end)
	    {
	      if (final)
		return LX_DECLINE;
	      break;
	    }
	  if (*q != '>' || lx_pop(lx, name, n))
	    return LX_DECLINE;
	  p = q + 1;
	  continue;
	}
      if (p[1] == '!')
	{
	  if (end - p < 4 && !final)
	    break;
	  if (end - p < 4 || p[2] != '-' || p[3] != '-')
	    return LX_DECLINE; /* CDATA, DOCTYPE, ... */
	  n = lx_comment(p, end);
	  if (n == LX_NEED && !final)
	    break;
	  if (n < 0)
	    return LX_DECLINE;
	  if (lx->phase == 0)
	    lx->phase = 1;
	  p += n;
	  continue;
	}
      if (p[1] == '?')
	{
	  /* only the XML declaration, first in the document (after a byte order mark) */
	  long long at = docpos + (p - buf);
	  if (lx->phase != 0 || (at != 0 && at != 3))
	    return LX_DECLINE;
	  if (end - p < 6 && !final)
	    break;
	  if (end - p < 6 || memcmp(p, "<?xml", 5) || !(lx_class[p[5]] & C_WS))
	    return LX_DECLINE;
	  n = lx_xmldecl(p, end);
	  if (n == LX_NEED && !final)
	    break;
	  if (n < 0)
	    return LX_DECLINE;
	  lx->phase = 1;
	  p += n;
	  continue;
	}
      if (!(lx_class[p[1]] & C_NAMESTART))
	return LX_DECLINE;
      if (lx->phase == 3)
	return LX_DECLINE; /* a second root element */
      lx->phase = 2;
      n = lx_start_tag(lx, p, end);
      if (n == LX_NEED && !final)
	break;
      if (n < 0)
	return LX_DECLINE;
      p += n;
    }
  if (final && (p != end || lx->phase != 3))
    return LX_DECLINE;
  return p - buf;
}

/* The lean reader over fp: SOLV_XMLPARSER_OK, or SOLV_XMLPARSER_ERROR with gd_leanxml_declined set. */
static int
gd_lean_parse(struct solv_xmlparser *xmlp, FILE *fp)
{
  struct lx lx;
  int abuf = 1 << 16, have = 0, ret = SOLV_XMLPARSER_OK;
  unsigned char *buf = solv_malloc(abuf);
  long long docpos = 0;

  lx_init_classes();
  memset(&lx, 0, sizeof(lx));
  lx.xmlp = xmlp;
  xmlp->state = 0;
  xmlp->unknowncnt = 0;
  xmlp->docontent = 0;
  xmlp->lcontent = 0;
  xmlp->parser = 0; /* no expat: solv_xmlparser_lineno declines */
  queue_empty(&xmlp->elementq);
  for (;;)
    {
      int l, final, n;
      if (have == abuf)
	{
	  /* one token larger than the buffer */
	  abuf *= 2;
	  buf = solv_realloc(buf, abuf);
	}
      l = fread(buf + have, 1, abuf - have, fp);
      final = l < abuf - have; /* a short read is the end, as for the expat driver */
      have += l;
      n = lx_scan(&lx, buf, have, final, docpos);
      if (n < 0 || gd_leanxml_declined)
	{
	  gd_leanxml_declined = 1;
	  break;
	}
      if (final)
	break;
      memmove(buf, buf + n, have - n);
      have -= n;
      docpos += n;
    }
  if (gd_leanxml_declined)
    {
      solv_free(xmlp->errstr);
      xmlp->errstr = solv_strdup("declined by the lean reader");
      ret = SOLV_XMLPARSER_ERROR;
    }
  solv_free(buf);
  solv_free(lx.names);
  solv_free(lx.starts);
  return ret;
}

int
solv_xmlparser_parse(struct solv_xmlparser *xmlp, FILE *fp)
{
  return gd_leanxml_enabled ? gd_lean_parse(xmlp, fp) : gd_expat_parse(xmlp, fp);
}

unsigned int
solv_xmlparser_lineno(struct solv_xmlparser *xmlp)
{
  if (!xmlp->parser)
    {
      /* A handler reports a line: only expat knows it, so expat must parse this document. */
      gd_leanxml_declined = 1;
      return 0;
    }
  return gd_expat_lineno(xmlp);
}
