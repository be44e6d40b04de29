//! Photographs for the demo, drawn from numbers: a sky, layered hills or a town, a sun, a little
//! grain. Deterministic (the same scene and variant give the same bytes), so the demo is the
//! same on every machine and nothing is downloaded.

use image::{ImageFormat, Rgb, RgbImage};
use std::io::Cursor;

/// What a demo photo shows, after the notice's four themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scene {
    /// A hospital or service building by day (守护岗).
    Building,
    /// A town skyline at dusk (创业创新).
    Skyline,
    /// Terraced green fields (乡村振兴).
    Fields,
    /// Mountains at sunrise with village houses (巾帼脱贫).
    Mountains,
}

const WIDTH: u32 = 1000;
const HEIGHT: u32 = 594;

/// A small deterministic generator (xorshift), enough for grain and placement.
struct Dice(u32);

impl Dice {
    fn next(&mut self) -> u32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        x
    }

    fn unit(&mut self) -> f32 {
        (self.next() % 10_000) as f32 / 10_000.0
    }
}

fn mix(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    let t = t.clamp(0.0, 1.0);
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

fn put(img: &mut RgbImage, x: u32, y: u32, c: [f32; 3]) {
    if x < WIDTH && y < HEIGHT {
        img.put_pixel(
            x,
            y,
            Rgb([
                c[0].clamp(0.0, 255.0) as u8,
                c[1].clamp(0.0, 255.0) as u8,
                c[2].clamp(0.0, 255.0) as u8,
            ]),
        );
    }
}

fn fill_rect(img: &mut RgbImage, x0: i32, y0: i32, w: i32, h: i32, c: [f32; 3]) {
    for y in y0.max(0)..(y0 + h).min(HEIGHT as i32) {
        for x in x0.max(0)..(x0 + w).min(WIDTH as i32) {
            put(img, x as u32, y as u32, c);
        }
    }
}

/// A ridge line: the sum of a few sines, in pixels from the top.
fn ridge(x: f32, base: f32, amp: f32, phase: f32) -> f32 {
    base - amp
        * ((x * 0.006 + phase).sin() * 0.6
            + (x * 0.017 + phase * 2.3).sin() * 0.3
            + (x * 0.041 + phase * 0.7).sin() * 0.1)
}

/// A demo photo as PNG bytes, 1000×594 (the article image's 750:445).
pub fn demo_photo(scene: Scene, variant: u32) -> Vec<u8> {
    let mut dice = Dice(0x9E37_79B9 ^ variant.wrapping_mul(2_654_435_761) ^ scene as u32);
    let (sky_top, sky_low, sun) = match scene {
        Scene::Building => (
            [96.0, 160.0, 225.0],
            [200.0, 228.0, 248.0],
            [255.0, 250.0, 230.0],
        ),
        Scene::Skyline => (
            [44.0, 62.0, 130.0],
            [250.0, 160.0, 110.0],
            [255.0, 214.0, 140.0],
        ),
        Scene::Fields => (
            [110.0, 175.0, 235.0],
            [215.0, 235.0, 250.0],
            [255.0, 248.0, 215.0],
        ),
        Scene::Mountains => (
            [120.0, 110.0, 170.0],
            [255.0, 196.0, 130.0],
            [255.0, 226.0, 160.0],
        ),
    };
    let mut img = RgbImage::new(WIDTH, HEIGHT);
    let sun_x = 150.0 + dice.unit() * 700.0;
    let sun_y = 90.0 + dice.unit() * 80.0;
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            let t = y as f32 / HEIGHT as f32;
            let mut c = mix(sky_top, sky_low, t * 1.3);
            let d = ((x as f32 - sun_x).powi(2) + (y as f32 - sun_y).powi(2)).sqrt();
            if d < 38.0 {
                c = sun;
            } else {
                c = mix(c, sun, (1.0 - d / 260.0).max(0.0) * 0.45);
            }
            put(&mut img, x, y, c);
        }
    }
    match scene {
        Scene::Fields | Scene::Mountains => {
            let layers: &[([f32; 3], f32, f32)] = if scene == Scene::Fields {
                &[
                    ([120.0, 170.0, 110.0], 300.0, 40.0),
                    ([90.0, 160.0, 70.0], 370.0, 35.0),
                    ([120.0, 185.0, 60.0], 440.0, 30.0),
                    ([70.0, 140.0, 50.0], 510.0, 25.0),
                ]
            } else {
                &[
                    ([130.0, 120.0, 170.0], 260.0, 90.0),
                    ([95.0, 95.0, 145.0], 330.0, 80.0),
                    ([70.0, 90.0, 110.0], 420.0, 60.0),
                    ([60.0, 105.0, 75.0], 500.0, 40.0),
                ]
            };
            for (i, (colour, base, amp)) in layers.iter().enumerate() {
                let phase = dice.unit() * 6.0 + i as f32;
                for x in 0..WIDTH {
                    let top = ridge(x as f32, *base, *amp, phase).max(0.0) as u32;
                    for y in top..HEIGHT {
                        let depth = (y - top) as f32;
                        // Terraces: faint bands along the slope.
                        let band =
                            if scene == Scene::Fields && (depth as u32 / 14).is_multiple_of(2) {
                                12.0
                            } else {
                                0.0
                            };
                        let c = [colour[0] + band, colour[1] + band, colour[2] + band * 0.3];
                        put(&mut img, x, y, mix(c, [30.0, 50.0, 30.0], depth / 900.0));
                    }
                }
            }
            if scene == Scene::Mountains {
                // Village houses: white walls, dark roofs.
                for _ in 0..9 {
                    let x = (dice.unit() * 900.0) as i32 + 40;
                    let y = 470 + (dice.unit() * 70.0) as i32;
                    fill_rect(&mut img, x, y, 34, 22, [240.0, 236.0, 226.0]);
                    for k in 0..12 {
                        fill_rect(
                            &mut img,
                            x - 4 + k,
                            y - 12 + k,
                            42 - 2 * k,
                            1,
                            [70.0, 60.0, 60.0],
                        );
                    }
                    fill_rect(&mut img, x + 13, y + 9, 8, 13, [110.0, 70.0, 50.0]);
                }
            }
        }
        Scene::Skyline | Scene::Building => {
            let ground = 470;
            let mut x = -10;
            while x < WIDTH as i32 {
                let w = 50 + (dice.unit() * 70.0) as i32;
                let h = if scene == Scene::Skyline {
                    120 + (dice.unit() * 260.0) as i32
                } else {
                    60 + (dice.unit() * 80.0) as i32
                };
                let shade = 50.0 + dice.unit() * 40.0;
                let body = if scene == Scene::Skyline {
                    [shade, shade * 0.9, shade * 1.3]
                } else {
                    [170.0 + shade, 170.0 + shade, 175.0 + shade]
                };
                fill_rect(&mut img, x, ground - h, w, h, body);
                let lit = if scene == Scene::Skyline {
                    [255.0, 214.0, 120.0]
                } else {
                    [120.0, 160.0, 200.0]
                };
                let mut wy = ground - h + 10;
                while wy < ground - 12 {
                    let mut wx = x + 6;
                    while wx < x + w - 8 {
                        if !dice.next().is_multiple_of(3) {
                            fill_rect(&mut img, wx, wy, 7, 9, lit);
                        }
                        wx += 13;
                    }
                    wy += 17;
                }
                x += w + 4;
            }
            if scene == Scene::Building {
                // The main building with a red cross.
                let (bx, bw, bh) = (330, 340, 260);
                fill_rect(&mut img, bx, ground - bh, bw, bh, [246.0, 246.0, 242.0]);
                for row in 0..7 {
                    for col in 0..9 {
                        fill_rect(
                            &mut img,
                            bx + 18 + col * 36,
                            ground - bh + 60 + row * 28,
                            22,
                            16,
                            [110.0, 160.0, 205.0],
                        );
                    }
                }
                fill_rect(
                    &mut img,
                    bx + 150,
                    ground - bh + 12,
                    40,
                    12,
                    [200.0, 30.0, 40.0],
                );
                fill_rect(
                    &mut img,
                    bx + 164,
                    ground - bh - 2,
                    12,
                    40,
                    [200.0, 30.0, 40.0],
                );
                fill_rect(
                    &mut img,
                    bx + 140,
                    ground - 50,
                    60,
                    50,
                    [150.0, 190.0, 215.0],
                );
            }
            fill_rect(
                &mut img,
                0,
                ground,
                WIDTH as i32,
                HEIGHT as i32 - ground,
                [92.0, 96.0, 104.0],
            );
            for k in 0..12 {
                fill_rect(
                    &mut img,
                    k * 90 + 10,
                    ground + 60,
                    50,
                    6,
                    [235.0, 235.0, 225.0],
                );
            }
            fill_rect(&mut img, 0, ground, WIDTH as i32, 8, [150.0, 190.0, 110.0]);
        }
    }
    // Grain, so the picture reads as a photograph (and passes the blur check).
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            let p = img.get_pixel_mut(x, y);
            let n = (dice.next() % 17) as i16 - 8;
            for ch in p.0.iter_mut() {
                *ch = (*ch as i16 + n).clamp(0, 255) as u8;
            }
        }
    }
    let mut out = Cursor::new(Vec::new());
    // Writing a PNG to memory cannot fail but for memory itself.
    if img.write_to(&mut out, ImageFormat::Png).is_err() {
        return Vec::new();
    }
    out.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_photos_pass_the_pipeline_and_differ() {
        let a = demo_photo(Scene::Fields, 1);
        let b = demo_photo(Scene::Fields, 2);
        assert_ne!(a, b);
        assert_eq!(a, demo_photo(Scene::Fields, 1));
        for scene in [
            Scene::Building,
            Scene::Skyline,
            Scene::Fields,
            Scene::Mountains,
        ] {
            let out = crate::process(&demo_photo(scene, 3), None).unwrap();
            assert_eq!((out.width, out.height), (750, 445));
            assert!(!out.blurry, "{scene:?} blur score {}", out.blur_score);
        }
    }
}
