//! Reads the Orientation tag (0x0112) straight from IFD0 of an EXIF block that the full EXIF
//! parser rejects.
//!
//! Phones and editors write EXIF that is broken somewhere else: a GPS IFD with a non-zero
//! next-IFD pointer, an IFD1 or maker-note offset past the end, a last IFD cut short. The full
//! parser gives up on the whole block, but browsers still turn such a photo upright, and the
//! user compares our result with what the browser showed. So only IFD0 is read, only as far as
//! its bytes go, and every offset is checked against the block: hostile bytes mean `None`.

/// The Orientation tag of IFD0.
const ORIENTATION: u16 = 0x0112;
/// TIFF field types the tag may be written with: SHORT (the standard) and LONG (seen in the wild).
const SHORT: u16 = 3;
const LONG: u16 = 4;
/// Each IFD entry: tag, type, count, value or offset.
const ENTRY_LEN: usize = 12;

/// The raw Orientation value of IFD0, if the block has one that can be read.
pub(crate) fn orientation(tiff: &[u8]) -> Option<u32> {
    let order = match tiff.get(0..2)? {
        b"II" => ByteOrder::Little,
        b"MM" => ByteOrder::Big,
        _ => return None,
    };
    if order.u16_at(tiff, 2)? != 42 {
        return None;
    }
    let ifd = usize::try_from(order.u32_at(tiff, 4)?).ok()?;
    let count = usize::from(order.u16_at(tiff, ifd)?);
    let first = ifd.checked_add(2)?;
    for index in 0..count {
        let at = first.checked_add(index.checked_mul(ENTRY_LEN)?)?;
        // An IFD cut short still has the entries before the cut: stop there, keep nothing later.
        let entry = tiff.get(at..at.checked_add(ENTRY_LEN)?)?;
        if order.u16_at(entry, 0)? != ORIENTATION {
            continue;
        }
        if order.u32_at(entry, 4)? == 0 {
            return None;
        }
        // A count of one fits the value field, left-justified in either byte order.
        return match order.u16_at(entry, 2)? {
            SHORT => order.u16_at(entry, 8).map(u32::from),
            LONG => order.u32_at(entry, 8),
            _ => None,
        };
    }
    None
}

/// The byte order the TIFF header declares ("II" little-endian, "MM" big-endian).
#[derive(Debug, Clone, Copy)]
enum ByteOrder {
    Little,
    Big,
}

impl ByteOrder {
    fn u16_at(self, bytes: &[u8], at: usize) -> Option<u16> {
        let raw: [u8; 2] = bytes.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(match self {
            Self::Little => u16::from_le_bytes(raw),
            Self::Big => u16::from_be_bytes(raw),
        })
    }

    fn u32_at(self, bytes: &[u8], at: usize) -> Option<u32> {
        let raw: [u8; 4] = bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(match self {
            Self::Little => u32::from_le_bytes(raw),
            Self::Big => u32::from_be_bytes(raw),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// IFD0 with `entries` (tag, type, count, value field), written in `order`, then a next-IFD
    /// offset of `next`.
    fn tiff(little: bool, entries: &[(u16, u16, u32, [u8; 4])], next: u32) -> Vec<u8> {
        let u16b = |v: u16| {
            if little {
                v.to_le_bytes()
            } else {
                v.to_be_bytes()
            }
        };
        let u32b = |v: u32| {
            if little {
                v.to_le_bytes()
            } else {
                v.to_be_bytes()
            }
        };
        let mut out = if little {
            b"II".to_vec()
        } else {
            b"MM".to_vec()
        };
        out.extend(u16b(42));
        out.extend(u32b(8));
        out.extend(u16b(u16::try_from(entries.len()).unwrap()));
        for &(tag, kind, count, value) in entries {
            out.extend(u16b(tag));
            out.extend(u16b(kind));
            out.extend(u32b(count));
            out.extend(value);
        }
        out.extend(u32b(next));
        out
    }

    fn short(value: u16, little: bool) -> [u8; 4] {
        let b = if little {
            value.to_le_bytes()
        } else {
            value.to_be_bytes()
        };
        [b[0], b[1], 0, 0]
    }

    #[test]
    fn the_tag_is_read_in_both_byte_orders() {
        for little in [true, false] {
            let block = tiff(
                little,
                &[
                    (0x010F, 2, 4, *b"HW\0\0"),
                    (ORIENTATION, SHORT, 1, short(6, little)),
                ],
                0,
            );
            assert_eq!(orientation(&block), Some(6), "little-endian: {little}");
        }
    }

    #[test]
    fn a_long_value_is_read_too() {
        let block = tiff(false, &[(ORIENTATION, LONG, 1, 8u32.to_be_bytes())], 0);
        assert_eq!(orientation(&block), Some(8));
    }

    #[test]
    fn a_bogus_next_ifd_offset_does_not_matter() {
        let block = tiff(true, &[(ORIENTATION, SHORT, 1, short(3, true))], u32::MAX);
        assert_eq!(orientation(&block), Some(3));
    }

    #[test]
    fn an_ifd_cut_after_the_tag_still_gives_it() {
        let mut block = tiff(
            false,
            &[
                (ORIENTATION, SHORT, 1, short(6, false)),
                (0x0131, 2, 4, *b"abc\0"),
            ],
            0,
        );
        block.truncate(8 + 2 + ENTRY_LEN + 5);
        assert_eq!(orientation(&block), Some(6));
    }

    #[test]
    fn broken_blocks_have_no_orientation() {
        let cases: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"MM".to_vec(),
            b"XX\0\x2a\0\0\0\x08".to_vec(),
            b"MM\0\x2b\0\0\0\x08\0\0".to_vec(),
            // IFD0 offset past the end, and at the very edge of usize arithmetic.
            b"MM\0\x2a\x7f\xff\xff\xff".to_vec(),
            b"II\x2a\0\xff\xff\xff\xff".to_vec(),
            // 65,535 entries declared, none there.
            b"MM\0\x2a\0\0\0\x08\xff\xff".to_vec(),
            // A zero count, and an unknown type.
            tiff(false, &[(ORIENTATION, SHORT, 0, short(6, false))], 0),
            tiff(false, &[(ORIENTATION, 7, 1, short(6, false))], 0),
        ];
        for block in cases {
            assert_eq!(orientation(&block), None, "{block:?}");
        }
    }

    #[test]
    fn every_truncation_and_byte_flip_is_survived() {
        let block = tiff(
            true,
            &[
                (0x010F, 2, 4, *b"HW\0\0"),
                (ORIENTATION, SHORT, 1, short(6, true)),
                (0x8825, LONG, 1, 26u32.to_le_bytes()),
            ],
            0,
        );
        for cut in 0..block.len() {
            let _ = orientation(&block[..cut]);
        }
        let mut state = 0x1234_5678_u32;
        for _ in 0..5_000 {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let mut mutated = block.clone();
            let at = state as usize % mutated.len();
            mutated[at] = (state >> 8) as u8;
            let _ = orientation(&mutated);
        }
    }
}
