/*
 * goose-deps: the tokens of the lean rpm-md reader (wasm/leanxml.c, which includes this file):
 * byte classes, UTF-8 and XML character checks, references, attribute value decoding, the XML
 * declaration and comments. Each answers LX_NEED when its token may run past the bytes read so
 * far and LX_DECLINE when it is something the lean reader leaves to expat (see leanxml.c).
 */

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
