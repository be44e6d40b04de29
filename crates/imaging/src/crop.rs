//! Choosing the 750:445 window of the upright source that becomes the article image.

use crate::{OUTPUT_HEIGHT, OUTPUT_WIDTH, Size};

/// Where the user wants the 750:445 window. The window is always the largest one of that ratio
/// that fits the upright image (full width of a wide photo, full height of a tall one, no zoom);
/// the choice only moves it along the axis that has room. Coordinates are those of the upright
/// image, as the user sees it after EXIF orientation. Without a choice the window is centred.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CropChoice {
    /// The window's centre as fractions of the upright image: `x = 0.0` is the left edge, `1.0`
    /// the right edge, `y = 0.0` the top, `1.0` the bottom; `(0.5, 0.5)` is the default. The
    /// window is clamped inside the image, so `(0.5, 0.0)` means "keep the top". Values that are
    /// not finite count as 0.5.
    Centre { x: f64, y: f64 },
    /// The window's top-left corner in upright source pixels, clamped so the window fits.
    Offset { x: u32, y: u32 },
}

/// The part of the upright source that was kept, in upright source pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CropWindow {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

impl CropWindow {
    /// The window for `choice` on an upright image of `size`, which must be at least 750×445.
    pub(crate) fn choose(size: Size, choice: Option<CropChoice>) -> Self {
        let (width, height) = largest_window(size);
        let room_x = size.width - width;
        let room_y = size.height - height;
        let (x, y) = match choice {
            None => (room_x / 2, room_y / 2),
            Some(CropChoice::Offset { x, y }) => (x.min(room_x), y.min(room_y)),
            Some(CropChoice::Centre { x, y }) => (
                place(x, size.width, width, room_x),
                place(y, size.height, height, room_y),
            ),
        };
        CropWindow {
            x,
            y,
            width,
            height,
        }
    }
}

/// The largest window of ratio 750:445 inside `size`, rounded to whole pixels.
fn largest_window(size: Size) -> (u32, u32) {
    let (w, h) = (u64::from(size.width), u64::from(size.height));
    let (ow, oh) = (u64::from(OUTPUT_WIDTH), u64::from(OUTPUT_HEIGHT));
    if w * oh >= h * ow {
        // Wider than 750:445: keep the full height.
        let width = ((h * ow + oh / 2) / oh).min(w);
        (to_u32(width), size.height)
    } else {
        let height = ((w * oh + ow / 2) / ow).min(h);
        (size.width, to_u32(height))
    }
}

/// The start of a window of `window` pixels centred at fraction `centre` of `full`, clamped.
fn place(centre: f64, full: u32, window: u32, room: u32) -> u32 {
    let centre = if centre.is_finite() { centre } else { 0.5 };
    let start = centre * f64::from(full) - f64::from(window) / 2.0;
    let clamped = start.round().clamp(0.0, f64::from(room));
    // In range by the clamp above.
    clamped as u32
}

fn to_u32(value: u64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(width: u32, height: u32) -> Size {
        Size { width, height }
    }

    fn window(x: u32, y: u32, width: u32, height: u32) -> CropWindow {
        CropWindow {
            x,
            y,
            width,
            height,
        }
    }

    #[test]
    fn the_window_is_the_largest_of_the_ratio_and_centred_by_default() {
        let cases = [
            (size(750, 445), window(0, 0, 750, 445)),
            (size(1500, 890), window(0, 0, 1500, 890)),
            (size(4000, 3000), window(0, 313, 4000, 2373)),
            (size(3000, 4000), window(0, 1110, 3000, 1780)),
            (size(6000, 1000), window(2157, 0, 1685, 1000)),
            (size(750, 2000), window(0, 777, 750, 445)),
        ];
        for (source, expected) in cases {
            assert_eq!(CropWindow::choose(source, None), expected, "{source:?}");
        }
    }

    #[test]
    fn a_centre_choice_moves_the_window_and_stays_inside() {
        let source = size(3000, 4000);
        let cases = [
            ((0.5, 0.0), window(0, 0, 3000, 1780)),
            ((0.5, 1.0), window(0, 2220, 3000, 1780)),
            ((0.5, 0.3), window(0, 310, 3000, 1780)),
            ((0.0, 0.5), window(0, 1110, 3000, 1780)),
            ((f64::NAN, f64::INFINITY), window(0, 1110, 3000, 1780)),
        ];
        for ((x, y), expected) in cases {
            let got = CropWindow::choose(source, Some(CropChoice::Centre { x, y }));
            assert_eq!(got, expected, "centre ({x}, {y})");
        }
    }

    #[test]
    fn an_offset_choice_is_clamped_to_the_room_there_is() {
        let source = size(4000, 3000);
        let got = CropWindow::choose(source, Some(CropChoice::Offset { x: 50, y: 100 }));
        assert_eq!(got, window(0, 100, 4000, 2373));
        let got = CropWindow::choose(source, Some(CropChoice::Offset { x: 0, y: 9999 }));
        assert_eq!(got, window(0, 627, 4000, 2373));
    }
}
