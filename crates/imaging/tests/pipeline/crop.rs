//! The user's crop choice moves the 750:445 window; without one it is centred.

use image::{Rgb, RgbImage};
use jinguo_imaging::{CropChoice, CropWindow, process};

use crate::support::{BLUE, GREEN, RED, decode, dominant, png};

/// 1000 wide × 2000 tall: red on top, green in the middle, blue at the bottom.
fn tall_bands() -> Vec<u8> {
    png(&RgbImage::from_fn(1000, 2000, |_, y| match y {
        0..700 => Rgb([220, 0, 0]),
        700..1300 => Rgb([0, 200, 0]),
        _ => Rgb([0, 0, 220]),
    }))
}

fn middle_colour(choice: Option<CropChoice>) -> (usize, CropWindow) {
    let processed = process(&tall_bands(), choice).unwrap();
    (dominant(&decode(&processed.jpeg), 375, 222), processed.crop)
}

#[test]
fn without_a_choice_the_window_is_centred() {
    let (colour, window) = middle_colour(None);
    assert_eq!(colour, GREEN);
    assert_eq!(
        window,
        CropWindow {
            x: 0,
            y: 703,
            width: 1000,
            height: 593
        }
    );
}

#[test]
fn a_centre_choice_moves_the_window_to_the_top_or_the_bottom() {
    let top = middle_colour(Some(CropChoice::Centre { x: 0.5, y: 0.0 }));
    assert_eq!(top.0, RED);
    assert_eq!(top.1.y, 0);
    let bottom = middle_colour(Some(CropChoice::Centre { x: 0.5, y: 1.0 }));
    assert_eq!(bottom.0, BLUE);
    assert_eq!(bottom.1.y, 2000 - 593);
}

#[test]
fn an_offset_choice_places_the_window_in_source_pixels() {
    let (colour, window) = middle_colour(Some(CropChoice::Offset { x: 0, y: 1400 }));
    assert_eq!(colour, BLUE);
    assert_eq!(window.y, 1400);
}
