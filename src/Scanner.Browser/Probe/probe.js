// The in-page probe: one evaluation per page gathers every text block, link, script, frame and meta tag,
// each with its computed visibility, the reasons when hidden, and its position. Running it once is what
// keeps a page to one browser round trip instead of one per element.
// It returns plain JSON; the C# side (ProbeResult) mirrors its shape.
() => {
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'META', 'LINK', 'TITLE', 'SVG', 'PATH']);
  const MAX_TEXT = 200000; // long enough that padding cannot push spam out of sight
  const MAX_SCRIPT = 200000;
  // A hostile page (50 MB of paragraphs) must not turn into a result of hundreds of MB: the first items are kept and
  // the result says what was cut. Same limits as the static engine (MarkupSnapshot.MaxItems, BodyLimits.Page).
  const MAX_ITEMS = 200000;
  const MAX_TOTAL_TEXT = 10 * 1024 * 1024;
  const notes = [];
  let totalText = 0;
  const docWidth = Math.max(document.documentElement.scrollWidth, window.innerWidth);
  const docHeight = Math.max(document.documentElement.scrollHeight, window.innerHeight);
  const styleCache = new Map();
  const ownReasonsCache = new Map();
  const selectorCache = new Map();

  const style = (el) => {
    let s = styleCache.get(el);
    if (!s) { s = getComputedStyle(el); styleCache.set(el, s); }
    return s;
  };
  const px = (v) => { const n = parseFloat(v); return isNaN(n) ? 0 : n; };

  const parseColor = (c) => {
    const m = /rgba?\(([^)]+)\)/.exec(c || '');
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  // The colour painted behind an element: the first ancestor with an opaque-enough background.
  const backgroundOf = (el) => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const s = style(e);
      if (s.backgroundImage && s.backgroundImage !== 'none') return null; // an image: cannot judge contrast
      const c = parseColor(s.backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const colourDistance = (a, b) => Math.sqrt((a.r - b.r) ** 2 + (a.g - b.g) ** 2 + (a.b - b.b) ** 2);

  const isClipped = (s, rect) => {
    if (s.clip && s.clip !== 'auto' && (s.position === 'absolute' || s.position === 'fixed')) {
      const m = /rect\(([^)]+)\)/.exec(s.clip);
      if (m) {
        const [top, right, bottom, left] = m[1].split(/[ ,]+/).map(px);
        if (right - left <= 1 || bottom - top <= 1) return true;
      }
    }
    const cp = s.clipPath;
    if (cp && cp !== 'none') {
      if (/inset\(\s*(50%|100%)/.test(cp)) return true;
      if (/circle\(\s*0(px|%)?\s*(at|\))/.test(cp) || /ellipse\(\s*0(px|%)?\s+0/.test(cp)) return true;
      if (/polygon\(\s*0(px|%)?\s+0(px|%)?\s*(,\s*0(px|%)?\s+0(px|%)?\s*)*\)/.test(cp)) return true;
    }
    return false;
  };

  // Reasons that belong to the element itself (not inherited from an ancestor).
  const ownReasons = (el) => {
    if (ownReasonsCache.has(el)) return ownReasonsCache.get(el);
    const s = style(el);
    const reasons = [];
    if (s.display === 'none') reasons.push('display-none');
    if (el.tagName === 'DETAILS' || el.parentElement?.tagName === 'DETAILS') {
      const d = el.tagName === 'DETAILS' ? null : el.parentElement;
      if (d && !d.open && el.tagName !== 'SUMMARY') reasons.push('closed-details');
    }
    if (s.opacity !== '' && parseFloat(s.opacity) === 0) reasons.push('opacity-zero');
    if (s.display !== 'none' && s.display !== 'contents') {
      const rect = el.getBoundingClientRect();
      const left = rect.left + window.scrollX, top = rect.top + window.scrollY;
      // Pushed 999+ px out by a positioned offset (the static engine's rule too): a long block stretched back into view
      // by its own width (left:-9999px with 5,000 characters of filler) is still hidden on purpose.
      const pushedOut = s.position !== 'static' && (px(s.left) <= -999 || px(s.top) <= -999);
      if (rect.width > 0 && rect.height > 0 &&
          (pushedOut || left + rect.width <= 0 || top + rect.height <= 0 || left >= docWidth + 1000 || top >= docHeight + 1000)) {
        reasons.push('off-screen');
      }
      if (isClipped(s, rect)) reasons.push('clipped');
      const overflowHidden = s.overflow.includes('hidden') || s.overflow.includes('clip');
      if (overflowHidden && (rect.width <= 2 || rect.height <= 2)) reasons.push(rect.width === 0 || rect.height === 0 ? 'zero-size' : 'tiny-overflow-container');
      if (px(s.textIndent) <= -999) reasons.push('negative-text-indent');
      if (el.tagName === 'MARQUEE' && (rect.width <= 2 || rect.height <= 2)) reasons.push('tiny-marquee');
    }
    ownReasonsCache.set(el, reasons);
    return reasons;
  };

  const describe = (el) => {
    const s = el.tagName.toLowerCase();
    if (el.id) return `${s}#${el.id}`;
    const cls = (el.getAttribute('class') || '').trim().split(/\s+/).filter(Boolean)[0];
    return cls ? `${s}.${cls}` : s;
  };

  // Full visibility verdict for an element that holds text: its own reasons, those of the text itself
  // (zero size, font size, colour) and those of every ancestor.
  // An image (forText false) is seen whatever the font size and colour around it (font-size:0 closes inline-block gaps).
  const visibilityOf = (el, textRect, forText = true) => {
    const reasons = [...ownReasons(el)];
    const s = style(el);
    if (s.visibility === 'hidden' || s.visibility === 'collapse') reasons.push('visibility-hidden');
    if (forText && px(s.fontSize) < 1) reasons.push('font-size-zero');
    else if (forText && px(s.fontSize) <= 2) reasons.push('tiny-font'); // 1-px text: no one reads it
    const fg = forText ? parseColor(s.color) : null;
    if (fg && fg.a < 0.1 && !reasons.includes('opacity-zero')) reasons.push('transparent-text');
    else if (fg) {
      const bg = backgroundOf(el);
      if (bg && colourDistance(fg, bg) < 24) reasons.push('colour-matches-background');
    }
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const inherited = ownReasons(a);
      if (inherited.length) reasons.push(`hidden-ancestor (${inherited.join(', ')} on ${describe(a)})`);
    }
    // Zero size is only worth naming when nothing above already explains it.
    if (!reasons.length && textRect && (textRect.width < 1 || textRect.height < 1)) reasons.push('zero-size');
    return { hidden: reasons.length > 0, reasons };
  };

  const selectorOf = (el) => {
    if (selectorCache.has(el)) return selectorCache.get(el);
    const parts = [];
    let e = el;
    while (e && e.nodeType === 1 && e !== document.documentElement) {
      if (e.id && /^[A-Za-z][\w-]*$/.test(e.id) && document.querySelectorAll('#' + e.id).length === 1) {
        parts.unshift('#' + e.id);
        break;
      }
      let part = e.tagName.toLowerCase();
      const parent = e.parentElement;
      if (parent) {
        const same = Array.from(parent.children).filter((c) => c.tagName === e.tagName);
        if (same.length > 1) part += `:nth-of-type(${same.indexOf(e) + 1})`;
      }
      parts.unshift(part);
      e = parent;
    }
    const sel = parts.join(' > ');
    selectorCache.set(el, sel);
    return sel;
  };

  const boxOf = (rect) => ({ x: rect.left + window.scrollX, y: rect.top + window.scrollY, width: rect.width, height: rect.height });
  const collapse = (t) => t.replace(/\s+/g, ' ').trim();

  // Text blocks: each element's own text nodes, measured with a Range so inline text gets its real size.
  const blocks = [];
  const walker = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_ELEMENT, {
    acceptNode: (n) => (SKIP.has(n.tagName.toUpperCase()) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const range = document.createRange();
  for (let el = walker.currentNode; el; el = walker.nextNode()) {
    if (el.nodeType !== 1) continue;
    if (blocks.length >= MAX_ITEMS || totalText >= MAX_TOTAL_TEXT) {
      notes.push(`more than ${blocks.length} text blocks (${totalText} characters): only those were kept`);
      break;
    }
    let text = '';
    let first = null, last = null;
    for (const child of el.childNodes) {
      if (child.nodeType === 3 && child.nodeValue.trim()) {
        text += child.nodeValue;
        first = first || child;
        last = child;
      }
    }
    text = collapse(text);
    if (!text) continue;
    range.setStartBefore(first);
    range.setEndAfter(last);
    const rect = range.getBoundingClientRect();
    const link = el.closest('a[href]');
    totalText += Math.min(text.length, MAX_TEXT);
    blocks.push({
      selector: selectorOf(el),
      tag: el.tagName.toLowerCase(),
      text: text.slice(0, MAX_TEXT),
      visibility: visibilityOf(el, rect),
      box: boxOf(rect),
      linkHref: link ? link.href : null,
    });
  }

  // The nearest block container of a link: what a link farm's links share (a footer <div>, a <ul>, a <td>).
  // Inline wrappers and list items are climbed over, so the links of <ul><li><a> land in the <ul>; a container
  // that holds only this one link is climbed over too, so <div><a></a></div> repeated lands in their common parent.
  const INLINE = new Set(['inline', 'inline-block', 'list-item', 'contents', 'table-cell', 'table-row', 'table-row-group', 'inline-flex']);
  const containerOf = (a) => {
    let e = a.parentElement;
    while (e && e !== document.body && e !== document.documentElement) {
      const d = style(e).display;
      const inline = INLINE.has(d) || e.tagName === 'LI' || e.tagName === 'FONT' || e.tagName === 'SPAN';
      if (!inline && e.querySelectorAll('a[href]').length > 1) return selectorOf(e);
      e = e.parentElement;
    }
    return e ? selectorOf(e) : null;
  };

  const allLinks = document.querySelectorAll('a[href], area[href]');
  if (allLinks.length > MAX_ITEMS) notes.push(`more than ${MAX_ITEMS} links: only the first ${MAX_ITEMS} were kept`);
  const links = Array.from(allLinks).slice(0, MAX_ITEMS).map((a) => {
    const rect = a.getBoundingClientRect();
    return {
      container: containerOf(a),
      selector: selectorOf(a),
      href: a.href,
      text: collapse(a.textContent || '').slice(0, 2000), // a title is an attribute text (below), as on the static engine
      visibility: visibilityOf(a, a.tagName === 'AREA' ? null : rect),
      box: boxOf(rect),
      rel: a.getAttribute('rel'),
    };
  });

  // Title and alt texts (the static engine's MarkupSnapshot.CollectAttributes reads the same): where keyword stuffing
  // hides from visitors. An image's box is its laid-out size; a link's is its largest image's when it holds images and no text.
  const attributeTexts = [];
  const ATTRIBUTES = { A: ['title'], AREA: ['alt', 'title'], IMG: ['alt', 'title'] };
  // A broken image is laid out as its alt text: its declared size (inline style, else attributes; the static engine's
  // reading) is what a visitor gets once the image loads (a missing 1×1 gif is still a 1×1 image to its author).
  const imageBoxOf = (img) => {
    const rect = img.getBoundingClientRect();
    if (!(img.complete && img.naturalWidth === 0)) return boxOf(rect);
    const declared = (side) => { const v = parseFloat(img.style[side]); return isNaN(v) ? parseFloat(img.getAttribute(side)) : v; };
    const w = declared('width'), h = declared('height');
    if (isNaN(w) && isNaN(h)) return boxOf(rect);
    const box = boxOf(rect);
    return { ...box, width: isNaN(w) ? h : w, height: isNaN(h) ? w : h };
  };
  const imagesOnlyBox = (a) => {
    if (collapse(a.textContent || '')) return null;
    let largest = null;
    for (const img of a.querySelectorAll('img')) {
      const b = imageBoxOf(img);
      if (!largest || b.width * b.height > largest.width * largest.height) largest = b;
    }
    return largest;
  };
  for (const el of document.querySelectorAll('a[href][title], area[href][title], area[href][alt], img[alt], img[title]')) {
    if (attributeTexts.length >= MAX_ITEMS) { notes.push(`more than ${MAX_ITEMS} title/alt attributes: only the first ${MAX_ITEMS} were kept`); break; }
    if (!document.body || !document.body.contains(el) || el.closest('svg, noscript, template')) continue;
    const tag = el.tagName.toLowerCase();
    const link = tag === 'img' ? el.closest('a[href]') : el;
    let imageBox = null;
    if (tag === 'img') imageBox = imageBoxOf(el);
    else if (tag === 'a') imageBox = imagesOnlyBox(el);
    for (const attribute of ATTRIBUTES[el.tagName]) {
      const text = collapse(el.getAttribute(attribute) || '');
      if (!text) continue;
      attributeTexts.push({
        selector: selectorOf(el),
        tag,
        attribute,
        text: text.slice(0, 2000),
        visibility: visibilityOf(el, null, tag !== 'img'),
        imageBox,
        linkHref: link ? link.href : null,
      });
    }
  }

  const scripts = Array.from(document.scripts).map((s) => ({
    src: s.src || null,
    inlineText: s.src ? null : (s.textContent || '').slice(0, MAX_SCRIPT),
    selector: selectorOf(s),
  }));

  const frames = Array.from(document.querySelectorAll('iframe, frame')).map((f) => {
    const rect = f.getBoundingClientRect();
    return { selector: selectorOf(f), src: f.src || '', visibility: visibilityOf(f, rect), box: boxOf(rect) };
  });

  const meta = Array.from(document.querySelectorAll('meta')).map((m) => ({
    name: m.getAttribute('name'),
    httpEquiv: m.getAttribute('http-equiv'),
    property: m.getAttribute('property'),
    content: m.getAttribute('content') || '',
  }));

  const lang = (document.documentElement.getAttribute('lang') || '').trim();

  // The served document's size after decompression: whether its body is small enough to fetch (0 while it still arrives).
  const nav = performance.getEntriesByType('navigation')[0];
  const documentBytes = nav && nav.responseEnd > 0 ? nav.decodedBodySize : -1;

  return { title: document.title, url: location.href, lang, charset: document.characterSet, blocks, links, attributeTexts, scripts, frames, meta, documentBytes, notes };
}
