//! Just enough JPEG: check the magic bytes, walk the segments to the frame header for
//! the dimensions, refuse truncated files, and strip every APP1..APP15 and COM segment
//! (EXIF with GPS, XMP, ICC, maker notes) while keeping APP0 (JFIF) and the image;
//! then confirm the image is whole ([`decodes_to`]).

mod entropy;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JpegError {
    /// Not a JPEG at all (wrong magic bytes, or a broken segment structure).
    NotJpeg,
    /// Starts like a JPEG but ends early (no end-of-image marker).
    Truncated,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

const SOI: u8 = 0xD8;
const EOI: u8 = 0xD9;
const SOS: u8 = 0xDA;

fn is_sof(m: u8) -> bool {
    matches!(m, 0xC0..=0xCF) && !matches!(m, 0xC4 | 0xC8 | 0xCC)
}

fn is_stripped(m: u8) -> bool {
    matches!(m, 0xE1..=0xEF | 0xFE)
}

fn standalone(m: u8) -> bool {
    matches!(m, 0x01 | 0xD0..=0xD7)
}

pub fn clean(input: &[u8]) -> Result<Cleaned, JpegError> {
    if input.len() < 3 || input[0] != 0xFF || input[1] != SOI || input[2] != 0xFF {
        return Err(JpegError::NotJpeg);
    }
    let mut out = Vec::with_capacity(input.len());
    out.extend_from_slice(&[0xFF, SOI]);
    let mut pos = 2;
    let mut dims: Option<(u32, u32)> = None;
    loop {
        // A marker: 0xFF, optional fill bytes 0xFF, then the code.
        if pos >= input.len() {
            return Err(JpegError::Truncated);
        }
        if input[pos] != 0xFF {
            return Err(JpegError::NotJpeg);
        }
        while pos < input.len() && input[pos] == 0xFF {
            pos += 1;
        }
        let Some(&m) = input.get(pos) else {
            return Err(JpegError::Truncated);
        };
        pos += 1;
        match m {
            EOI => {
                if dims.is_none() {
                    return Err(JpegError::NotJpeg);
                }
                out.extend_from_slice(&[0xFF, EOI]);
                break;
            }
            SOI | 0x00 => return Err(JpegError::NotJpeg),
            m if standalone(m) => {
                out.extend_from_slice(&[0xFF, m]);
                continue;
            }
            _ => {}
        }
        if pos + 2 > input.len() {
            return Err(JpegError::Truncated);
        }
        let len = usize::from(u16::from_be_bytes([input[pos], input[pos + 1]]));
        if len < 2 {
            return Err(JpegError::NotJpeg);
        }
        let end = pos + len;
        if end > input.len() {
            return Err(JpegError::Truncated);
        }
        let segment = &input[pos..end];
        if is_sof(m) {
            if len < 8 {
                return Err(JpegError::NotJpeg);
            }
            let height = u32::from(u16::from_be_bytes([segment[3], segment[4]]));
            let width = u32::from(u16::from_be_bytes([segment[5], segment[6]]));
            if width == 0 || height == 0 {
                return Err(JpegError::NotJpeg);
            }
            dims = Some((width, height));
        }
        if !is_stripped(m) {
            out.extend_from_slice(&[0xFF, m]);
            out.extend_from_slice(segment);
        }
        pos = end;
        if m == SOS {
            if dims.is_none() {
                return Err(JpegError::NotJpeg);
            }
            // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00,
            // a restart marker or fill.
            let start = pos;
            loop {
                if pos + 1 >= input.len() {
                    return Err(JpegError::Truncated);
                }
                if input[pos] == 0xFF {
                    let next = input[pos + 1];
                    if next == 0x00 || (0xD0..=0xD7).contains(&next) {
                        pos += 2;
                        continue;
                    }
                    if next == 0xFF {
                        pos += 1;
                        continue;
                    }
                    break;
                }
                pos += 1;
            }
            out.extend_from_slice(&input[start..pos]);
        }
    }
    let (width, height) = dims.ok_or(JpegError::NotJpeg)?;
    Ok(Cleaned {
        width,
        height,
        bytes: out,
    })
}

/// A real grey JPEG of the given size (see [`encode_blocks`]), for tests of the upload
/// path. With `exif`, an APP1 with a fake GPS tag and a COM segment follow the JFIF
/// header, as a phone camera's would.
pub fn synthetic(width: u16, height: u16, exif: bool) -> Vec<u8> {
    let image = encode_blocks(width, height, |_, _| 128);
    if !exif {
        return image;
    }
    // SOI (2 bytes) and APP0 (18) first, then the metadata, then the rest.
    let (head, rest) = image.split_at(20);
    let mut v = head.to_vec();
    let payload = b"Exif\0\0GPSLatitude=30.6586N;GPSLongitude=104.0647E";
    v.extend_from_slice(&[0xFF, 0xE1]);
    v.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    v.extend_from_slice(payload);
    let comment = b"shot at home";
    v.extend_from_slice(&[0xFF, 0xFE]);
    v.extend_from_slice(&((comment.len() + 2) as u16).to_be_bytes());
    v.extend_from_slice(comment);
    v.extend_from_slice(rest);
    v
}

/// The largest picture decoded: 50 MP, a 12 MP phone photo four times over, and no
/// edge longer than 16,384 pixels.
pub const MAX_PIXELS: u64 = 50_000_000;
const MAX_EDGE: usize = 16_384;

/// Does `bytes` decode to a picture of `width`×`height`? The segments' walk in
/// [`clean`] trusts the frame header (and refuses a file cut short); this reads the
/// image data the header promises, so a header with no picture behind it, or another
/// size than it claims, is refused. A sequential file (what phones' and browsers'
/// encoders write) has its every block's codes read without making pixels
/// ([`entropy`]); any other kind is decoded whole.
pub fn decodes_to(bytes: &[u8], width: u32, height: u32) -> bool {
    // A header may claim any size: no more work than a large photo needs is spent to
    // find out (the upload is 2 MiB at most, the app sends about 2 MP).
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return false;
    }
    match entropy::walk(bytes, width, height) {
        entropy::Walk::Whole => true,
        entropy::Walk::Broken => false,
        entropy::Walk::NotSequential => decoder_agrees(bytes, width, height),
    }
}

/// A full decoder's verdict: how every upload was judged before the walk, and the
/// benchmark's peer for it (`make bench-jpeg`).
pub fn decoder_agrees(bytes: &[u8], width: u32, height: u32) -> bool {
    use zune_jpeg::zune_core::options::DecoderOptions;
    let options = DecoderOptions::default()
        .set_strict_mode(true)
        .set_max_width(MAX_EDGE)
        .set_max_height(MAX_EDGE);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(bytes, options);
    if decoder.decode_headers().is_err()
        || decoder.dimensions() != Some((width as usize, height as usize))
    {
        return false;
    }
    // Decoded as stored (no conversion to RGB): only whether it decodes matters here.
    if let Some(stored) = decoder.get_input_colorspace() {
        decoder.set_options(options.jpeg_set_out_colorspace(stored));
    }
    let Some(size) = decoder.output_buffer_size() else {
        return false;
    };
    // The pixels are thrown away: each decoding thread keeps one buffer for them rather
    // than asking the allocator (and the kernel, page by page) for megabytes per upload.
    // A picture larger than a phone's photo gets a buffer of its own, not kept.
    if size > KEPT_BUFFER_BYTES {
        return decoder.decode_into(&mut vec![0; size]).is_ok();
    }
    PIXELS.with_borrow_mut(|pixels| {
        if pixels.len() < size {
            pixels.resize(size, 0);
        }
        decoder.decode_into(&mut pixels[..size]).is_ok()
    })
}

/// The largest pixel buffer a decoding thread keeps: a 12 MP colour photo.
const KEPT_BUFFER_BYTES: usize = 12_000_000 * 3;

thread_local! {
    static PIXELS: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A real 1200×900 JPEG, different for every (application, slot): test and load data.
pub fn numbered_photo(i: usize, slot: usize) -> Vec<u8> {
    let seed = (i * 2 + slot) as u32;
    encode_blocks(1200, 900, move |x, y| {
        let v = x
            .wrapping_mul(7)
            .wrapping_add(y.wrapping_mul(13))
            .wrapping_add(seed.wrapping_mul(2_654_435_761) >> 7);
        (48 + v % 160) as u8
    })
}

/// A real, decodable baseline greyscale JPEG: every 8×8 block has one flat grey level
/// given by `level(block_x, block_y)`, so only DC coefficients are coded (standard
/// luminance DC table; an AC table holding just end-of-block). Small (about 1.5 bytes
/// per block) and cheap to make, which suits load tests that need many distinct photos.
pub fn encode_blocks(width: u16, height: u16, level: impl Fn(u32, u32) -> u8) -> Vec<u8> {
    // Canonical Huffman codes from the per-length counts.
    fn codes(counts: &[u8; 16], symbols: &[u8]) -> [(u16, u8); 16] {
        let mut table = [(0u16, 0u8); 16];
        let (mut code, mut k) = (0u16, 0usize);
        for (len, &n) in counts.iter().enumerate() {
            for _ in 0..n {
                table[usize::from(symbols[k])] = (code, len as u8 + 1);
                code += 1;
                k += 1;
            }
            code <<= 1;
        }
        table
    }
    struct Bits {
        out: Vec<u8>,
        acc: u32,
        n: u8,
    }
    impl Bits {
        fn put(&mut self, value: u16, len: u8) {
            for i in (0..len).rev() {
                self.acc = (self.acc << 1) | u32::from((value >> i) & 1);
                self.n += 1;
                if self.n == 8 {
                    let byte = self.acc as u8;
                    self.out.push(byte);
                    if byte == 0xFF {
                        self.out.push(0x00);
                    }
                    self.acc = 0;
                    self.n = 0;
                }
            }
        }
        fn finish(mut self) -> Vec<u8> {
            while self.n != 0 {
                self.put(1, 1);
            }
            self.out
        }
    }
    const DC_COUNTS: [u8; 16] = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
    const DC_SYMBOLS: [u8; 12] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    const AC_COUNTS: [u8; 16] = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    let dc = codes(&DC_COUNTS, &DC_SYMBOLS);

    let mut v = vec![0xFF, SOI];
    v.extend_from_slice(&[
        0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00,
        0x01, 0x00, 0x00,
    ]);
    // DQT: table 0, every step 8 (a flat block's DC coefficient is 8 × (level − 128)).
    v.extend_from_slice(&[0xFF, 0xDB, 0x00, 0x43, 0x00]);
    v.extend_from_slice(&[8u8; 64]);
    // SOF0: 8-bit, one component, 1×1 sampling, table 0.
    v.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x0B, 0x08]);
    v.extend_from_slice(&height.to_be_bytes());
    v.extend_from_slice(&width.to_be_bytes());
    v.extend_from_slice(&[0x01, 0x01, 0x11, 0x00]);
    // DHT: DC table 0, AC table 0.
    v.extend_from_slice(&[0xFF, 0xC4]);
    v.extend_from_slice(&((2 + 1 + 16 + DC_SYMBOLS.len()) as u16).to_be_bytes());
    v.push(0x00);
    v.extend_from_slice(&DC_COUNTS);
    v.extend_from_slice(&DC_SYMBOLS);
    v.extend_from_slice(&[0xFF, 0xC4, 0x00, 0x14, 0x10]);
    v.extend_from_slice(&AC_COUNTS);
    v.push(0x00);
    // SOS: one component, tables 0/0, full spectral range.
    v.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
    let mut bits = Bits {
        out: Vec::new(),
        acc: 0,
        n: 0,
    };
    let (bw, bh) = (u32::from(width).div_ceil(8), u32::from(height).div_ceil(8));
    let mut prev = 0i32;
    for by in 0..bh {
        for bx in 0..bw {
            let value = i32::from(level(bx, by)) - 128;
            let diff = value - prev;
            prev = value;
            let cat = 32 - diff.unsigned_abs().leading_zeros();
            let (code, len) = dc[cat as usize];
            bits.put(code, len);
            if cat > 0 {
                let extra = if diff > 0 {
                    diff
                } else {
                    diff + (1 << cat) - 1
                };
                bits.put(extra as u16, cat as u8);
            }
            // End of block: the only AC symbol, code `0`.
            bits.put(0, 1);
        }
    }
    v.extend_from_slice(&bits.finish());
    v.extend_from_slice(&[0xFF, EOI]);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dimensions_and_strips_metadata() {
        let input = synthetic(1200, 900, true);
        let c = clean(&input).unwrap();
        assert_eq!((c.width, c.height), (1200, 900));
        assert!(c.bytes.len() < input.len());
        let text = String::from_utf8_lossy(&c.bytes);
        assert!(!text.contains("GPS") && !text.contains("Exif") && !text.contains("home"));
        assert!(text.contains("JFIF"));
        assert_eq!(clean(&c.bytes).unwrap().bytes, c.bytes);
        // Without metadata nothing changes.
        let plain = synthetic(1200, 900, false);
        assert_eq!(clean(&plain).unwrap().bytes, plain);
    }

    #[test]
    fn refuses_what_is_not_a_whole_jpeg() {
        assert_eq!(clean(b""), Err(JpegError::NotJpeg));
        assert_eq!(clean(b"hello, world"), Err(JpegError::NotJpeg));
        assert_eq!(
            clean(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(JpegError::NotJpeg)
        );
        let full = synthetic(1000, 1000, true);
        for cut in 3..full.len() - 1 {
            assert!(clean(&full[..cut]).is_err(), "cut at {cut}");
        }
        assert_eq!(clean(&full[..full.len() - 2]), Err(JpegError::Truncated));
        // Trailing bytes after EOI are dropped.
        let mut trailer = full.clone();
        trailer.extend_from_slice(b"Exif trailer");
        assert!(!String::from_utf8_lossy(&clean(&trailer).unwrap().bytes).contains("trailer"));
    }

    #[test]
    fn only_a_whole_picture_decodes() {
        let real = synthetic(640, 480, true);
        let c = clean(&real).unwrap();
        assert!(decodes_to(&c.bytes, 640, 480));
        assert!(!decodes_to(&c.bytes, 640, 481), "not the size it says");
        assert!(decodes_to(&numbered_photo(1, 0), 1200, 900));
        // A frame header with no picture behind it.
        let mut fake = c.bytes[..c.bytes.iter().position(|&b| b == 0xC4).unwrap() - 1].to_vec();
        fake.extend_from_slice(&[0xFF, EOI]);
        assert!(!decodes_to(&fake, 640, 480));
    }

    #[test]
    fn encodes_a_readable_jpeg() {
        let a = encode_blocks(1000, 800, |x, y| (x * 3 + y * 5) as u8);
        let c = clean(&a).unwrap();
        assert_eq!((c.width, c.height), (1000, 800));
        assert_eq!(c.bytes, a);
        let b = encode_blocks(1000, 800, |x, y| (x * 3 + y * 5 + 1) as u8);
        assert_ne!(a, b);
        assert!(a.len() < 40_000, "{}", a.len());
    }

    #[test]
    fn never_panics_on_garbage() {
        let mut seed = 12345u64;
        for _ in 0..2000 {
            let mut v = vec![0xFF, 0xD8, 0xFF];
            let n = (seed % 200) as usize;
            for _ in 0..n {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                v.push((seed >> 33) as u8);
            }
            let _ = clean(&v);
        }
    }
}
