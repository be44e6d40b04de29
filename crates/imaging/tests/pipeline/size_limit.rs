//! The article image stays under 1 MiB however busy the photo.

use jinguo_imaging::{BEST_QUALITY, MAX_OUTPUT_BYTES, process};

use crate::support::{decode, jpeg, noise_image, png};

#[test]
fn a_noisy_4000_by_3000_photo_still_fits_under_1_mib() {
    // Noise in 5-pixel squares stays noise after the 5.3× reduction: the worst case for JPEG.
    let upload = jpeg(&noise_image(4000, 3000, 5, 30), 95);
    let processed = process(&upload, None).unwrap();
    println!(
        "noisy 4000×3000: {} bytes at quality {}",
        processed.jpeg.len(),
        processed.quality
    );
    assert!(processed.jpeg.len() <= MAX_OUTPUT_BYTES);
    assert_eq!(decode(&processed.jpeg).dimensions(), (750, 445));
    assert!(processed.quality <= BEST_QUALITY);
}

#[test]
fn pixel_sized_noise_at_the_output_size_fits_under_the_limit() {
    // Every pixel independent: as much detail as 750×445 can hold.
    let processed = process(&png(&noise_image(750, 445, 1, 31)), None).unwrap();
    println!(
        "pixel noise 750×445: {} bytes at quality {}",
        processed.jpeg.len(),
        processed.quality
    );
    assert!(processed.jpeg.len() <= MAX_OUTPUT_BYTES);
}
