// Counts 字 the way Word and WPS do, for the live count in the article editor.
// The same rule as crates/domain/src/word_count.rs (read its module documentation); both are
// checked against crates/domain/tests/word_count_cases.json, so change them together.
(function () {
  "use strict";

  var SPACE = 0; // counts 0 and ends a run
  var SINGLE = 1; // counts 1 on its own and ends a run: CJK characters, full-width punctuation
  var EXTENDER = 2; // counts 0 and changes nothing: belongs to the character before it
  var APOSTROPHE = 3; // U+2019: joins a run it follows, otherwise counts 1
  var RUN = 4; // part of a run of non-space characters; the run counts 1

  function kind(cp) {
    if (
      cp <= 0x20 ||
      (cp >= 0x7f && cp <= 0xa0) ||
      cp === 0x1680 ||
      (cp >= 0x2000 && cp <= 0x200b) ||
      cp === 0x2028 ||
      cp === 0x2029 ||
      cp === 0x202f ||
      cp === 0x205f ||
      cp === 0x3000 ||
      cp === 0xfeff
    ) {
      return SPACE;
    }
    if (
      (cp >= 0x300 && cp <= 0x36f) ||
      cp === 0x200c ||
      cp === 0x200d ||
      cp === 0x2060 ||
      (cp >= 0x20d0 && cp <= 0x20ff) ||
      (cp >= 0xfe00 && cp <= 0xfe0f) ||
      (cp >= 0x1f3fb && cp <= 0x1f3ff) ||
      (cp >= 0xe0000 && cp <= 0xe007f) ||
      (cp >= 0xe0100 && cp <= 0xe01ef)
    ) {
      return EXTENDER;
    }
    if (cp === 0x2019) {
      return APOSTROPHE;
    }
    if (
      cp === 0xb7 ||
      cp === 0x2014 ||
      cp === 0x2015 ||
      cp === 0x2018 ||
      cp === 0x201c ||
      cp === 0x201d ||
      cp === 0x2025 ||
      cp === 0x2026 ||
      (cp >= 0x1100 && cp <= 0x11ff) ||
      (cp >= 0x2e80 && cp <= 0x2fff) ||
      (cp >= 0x3001 && cp <= 0x9fff) ||
      (cp >= 0xac00 && cp <= 0xd7af) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe10 && cp <= 0xfe1f) ||
      (cp >= 0xfe30 && cp <= 0xfe6f) ||
      (cp >= 0xff00 && cp <= 0xffef) ||
      (cp >= 0x20000 && cp <= 0x3ffff)
    ) {
      return SINGLE;
    }
    return RUN;
  }

  window.jinguoCountWords = function (text) {
    var count = 0;
    var inRun = false;
    // for…of walks code points, so characters outside the BMP are seen whole.
    for (var ch of String(text == null ? "" : text)) {
      switch (kind(ch.codePointAt(0))) {
        case SPACE:
          inRun = false;
          break;
        case SINGLE:
          count += 1;
          inRun = false;
          break;
        case EXTENDER:
          break;
        case APOSTROPHE:
          if (!inRun) {
            count += 1;
          }
          break;
        default:
          if (!inRun) {
            count += 1;
            inRun = true;
          }
      }
    }
    return count;
  };
})();
