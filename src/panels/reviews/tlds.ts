/**
 * Top-level domains that make "label.tld" count as a web address in a review.
 *
 * A known list (rather than "any letters after a dot") is what keeps a missing space after a
 * full stop ("end.Next") from reading as a domain. Kept as TypeScript so that the build, ts-jest
 * and tsx all see it without copying data files around.
 */

/** Every delegated two-letter country code top-level domain. */
const COUNTRY_CODES = `
  ac ad ae af ag ai al am ao aq ar as at au aw ax az
  ba bb bd be bf bg bh bi bj bm bn bo br bs bt bw by bz
  ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz
  de dj dk dm do dz
  ec ee eg er es et eu
  fi fj fk fm fo fr
  ga gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy
  hk hm hn hr ht hu
  id ie il im in io iq ir is it
  je jm jo jp
  ke kg kh ki km kn kp kr kw ky kz
  la lb lc li lk lr ls lt lu lv ly
  ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz
  na nc ne nf ng ni nl no np nr nu nz
  om
  pa pe pf pg ph pk pl pm pn pr ps pt pw py
  qa
  re ro rs ru rw
  sa sb sc sd se sg sh si sk sl sm sn so sr ss st sv sx sy sz
  tc td tf tg th tj tk tl tm tn to tr tt tv tw tz
  ua ug uk us uy uz
  va vc ve vg vi vn vu
  wf ws
  ye yt
  za zm zw
`;

/** Generic and regional top-level domains that learners are likely to paste. */
const GENERIC = `
  com net org edu gov mil int info biz name pro mobi xyz
  app dev online site website store shop blog tech cloud page link live news club top icu
  art academy education school wiki email
  eus bzh cat corsica alsace paris quebec
`;

/**
 * Top-level domains that are also ordinary English or French words, abbreviations or file
 * extensions ("et.al", "is", "la", "main.py", "README.md", "page", "live"). A bare "word.tld"
 * with one of these is only taken for a domain when something else says so: a path or port,
 * a third label, a scheme or "www.".
 */
const AMBIGUOUS = `
  al am as at by do in is it me my no so to us ye ad id ie eg cf pm ms mr pa re
  de la ma ne se si sa es et il je eu vu ni nu su va
  py rs md sh pl cc ps mk ml mm sc st ai
  app page link live news club top art academy education school wiki email
  online site website store shop blog tech cloud paris quebec
`;

function words(list: string): ReadonlySet<string> {
  return new Set(list.split(/\s+/).filter((w) => w.length > 0));
}

export const KNOWN_TLDS: ReadonlySet<string> = new Set([...words(COUNTRY_CODES), ...words(GENERIC)]);

export const AMBIGUOUS_TLDS: ReadonlySet<string> = words(AMBIGUOUS);
