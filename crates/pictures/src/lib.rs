//! Pictures as real encoders write them, for the server's JPEG tests, its benchmark and
//! the load test: a household-register page, colour or grey, in any chroma subsampling,
//! with restart markers or progressive.

pub use jpeg_encoder::SamplingFactor;
use jpeg_encoder::{ColorType, Encoder};

/// A page of a household register as a phone sees it, in RGB: paper with shading and
/// grain, and strokes of ink, so every block has detail to code.
pub fn page(width: u16, height: u16, seed: u32) -> Vec<u8> {
    let mut state = seed.wrapping_mul(2_654_435_761) | 1;
    let mut noise = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        (state % 23) as i32 - 11
    };
    let mut rgb = Vec::with_capacity(usize::from(width) * usize::from(height) * 3);
    for y in 0..i32::from(height) {
        for x in 0..i32::from(width) {
            let ink = (x / 3 + y / 11) % 17 == 0 && (y / 24) % 2 == 0;
            let base = if ink { 40 } else { 225 - (x + y) / 40 };
            let n = noise();
            rgb.extend_from_slice(&[
                (base + n).clamp(0, 255) as u8,
                (base - 6 + n).clamp(0, 255) as u8,
                (base - 20 + n / 2).clamp(0, 255) as u8,
            ]);
        }
    }
    rgb
}

/// How the encoder is set.
pub struct Options {
    pub sampling: SamplingFactor,
    pub restart: u16,
    pub progressive: bool,
    pub grey: bool,
    /// Another page's grain and ink for another seed.
    pub seed: u32,
}

/// What browsers' canvases write: 4:2:0, one scan, no restart markers.
pub const PLAIN: Options = Options {
    sampling: SamplingFactor::R_4_2_0,
    restart: 0,
    progressive: false,
    grey: false,
    seed: 0,
};

/// A page of this size as a JPEG at quality 85.
pub fn encode(width: u16, height: u16, o: &Options) -> Vec<u8> {
    let rgb = page(
        width,
        height,
        o.seed ^ u32::from(width) ^ u32::from(o.restart),
    );
    let mut out = Vec::new();
    let mut encoder = Encoder::new(&mut out, 85);
    encoder.set_sampling_factor(o.sampling);
    encoder.set_progressive(o.progressive);
    if o.restart > 0 {
        encoder.set_restart_interval(o.restart);
    }
    if o.grey {
        let luma: Vec<u8> = rgb.chunks_exact(3).map(|p| p[1]).collect();
        encoder
            .encode(&luma, width, height, ColorType::Luma)
            .unwrap();
    } else {
        encoder.encode(&rgb, width, height, ColorType::Rgb).unwrap();
    }
    out
}

/// `jpeg` with its JFIF pixel density set to `n`: the same picture in a file of its own
/// (the server keeps the JFIF header, so each copy is stored under its own digest), for
/// as many different uploads as a load needs without encoding each.
pub fn numbered(jpeg: &[u8], n: u16) -> Vec<u8> {
    // SOI, then APP0: length, "JFIF\0", version, units, then the X and Y densities.
    assert_eq!(&jpeg[2..4], [0xFF, 0xE0], "a JFIF header first");
    assert_eq!(&jpeg[6..11], b"JFIF\0");
    let mut copy = jpeg.to_vec();
    copy[14..16].copy_from_slice(&n.to_be_bytes());
    copy[16..18].copy_from_slice(&n.to_be_bytes());
    copy
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_copies_differ_only_in_their_density() {
        let page = encode(64, 48, &PLAIN);
        let (a, b) = (numbered(&page, 1), numbered(&page, 2));
        assert_ne!(a, b);
        assert_eq!(a.len(), page.len());
        let differing = a.iter().zip(&b).filter(|(x, y)| x != y).count();
        assert_eq!(differing, 2);
    }
}
