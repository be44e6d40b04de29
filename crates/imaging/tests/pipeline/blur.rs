//! The blur warning: sharp scenes pass, the same scenes blurred are flagged.
//!
//! These cases tuned [`BLUR_THRESHOLD`]; run with `--nocapture` to see the scores.

use jinguo_imaging::{BLUR_THRESHOLD, process};

use crate::support::{gaussian_blur, hazy, noise_image, png, scene};

fn score(image: &image::RgbImage) -> (f64, bool) {
    let processed = process(&png(image), None).unwrap();
    (processed.blur_score, processed.blurry)
}

#[test]
fn sharp_scenes_are_not_flagged_and_blurred_ones_are() {
    let mut lowest_sharp = f64::MAX;
    let mut highest_blurred = 0.0f64;
    for seed in 1..=3 {
        // At the output size and at twice it (the resize itself smooths a little); clear and
        // hazy (a third of the contrast, which divides the score by nine).
        for (width, height, scale) in [(750, 445, 1.0), (1500, 890, 2.0)] {
            for contrast in [1.0, 0.35] {
                let sharp = hazy(&scene(width, height, seed), contrast);
                let (sharp_score, sharp_flag) = score(&sharp);
                println!(
                    "scene {seed} {width}×{height} contrast {contrast} sharp: {sharp_score:.0}"
                );
                assert!(
                    !sharp_flag,
                    "sharp scene {seed} {width} {contrast}: {sharp_score:.0}"
                );
                lowest_sharp = lowest_sharp.min(sharp_score);
                // σ in output pixels; the source is blurred at its own scale.
                for sigma in [1.5, 2.0, 3.0] {
                    let (blurred_score, blurred_flag) =
                        score(&gaussian_blur(&sharp, sigma * scale));
                    println!("  σ={sigma}: {blurred_score:.1}");
                    assert!(
                        blurred_flag,
                        "scene {seed} {width} {contrast} blurred σ={sigma}: {blurred_score:.1}"
                    );
                    highest_blurred = highest_blurred.max(blurred_score);
                }
            }
        }
    }
    println!(
        "lowest sharp {lowest_sharp:.0}, highest blurred {highest_blurred:.1}, threshold {BLUR_THRESHOLD}"
    );
}

#[test]
fn a_detailed_texture_is_sharp() {
    let (texture_score, blurry) = score(&noise_image(1500, 890, 3, 40));
    println!("texture: {texture_score:.0}");
    assert!(!blurry);
}

#[test]
fn a_plain_wall_counts_as_blurry() {
    // No detail at all: nothing to judge sharpness by, so the user is asked to check.
    let (wall_score, blurry) = score(&image::RgbImage::from_pixel(
        1000,
        600,
        image::Rgb([200, 190, 170]),
    ));
    assert!(blurry, "{wall_score}");
}
