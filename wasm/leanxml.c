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

#include "leanxml-lex.c"

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
 *
 * noinline: V8 moves a wasm function to optimised code only between calls (there is no on-stack
 * replacement for wasm), and each thread calls repo_add_rpmmd once per piece. Inlined there, this
 * loop ran a whole 26 MB piece in Liftoff's baseline code, and the optimised compile of
 * repo_add_rpmmd it caused was never used. Called once per 64 KiB buffer, it runs optimised code
 * from the first few buffers on (bench/RESULTS.md, cold-load).
 */
static __attribute__((noinline)) int
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
