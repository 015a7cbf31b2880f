//! Whether a sequential (baseline) JPEG's picture is whole, found without painting it.
//!
//! A decoder turns the entropy-coded data into coefficients (Huffman codes), then the
//! coefficients into pixels (dequantisation, inverse DCT, upsampling, colour). Only the
//! first step can fail: every sequence of coefficients has pixels. So reading every
//! block's codes, in the order and number the frame header promises, with the restart
//! markers where they belong, gives a decoder's verdict; the rest of its work, most of
//! its cost, only makes pixels that nobody here looks at.
//!
//! Progressive, arithmetic-coded, lossless and 12-bit files are not walked
//! ([`Walk::NotSequential`]): a full decoder judges those.

/// What the walk found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Walk {
    /// Every block of every component decodes, in a frame of the size claimed.
    Whole,
    /// The segments, tables or codes are broken, the data ends before the last block,
    /// or the frame is another size.
    Broken,
    /// Not an 8-bit Huffman sequential frame.
    NotSequential,
}

const SOI: u8 = 0xD8;
const EOI: u8 = 0xD9;
const SOS: u8 = 0xDA;
const DQT: u8 = 0xDB;
const DHT: u8 = 0xC4;
const DRI: u8 = 0xDD;
const RST0: u8 = 0xD0;

/// The most components a frame may have here (Y, Cb, Cr and K).
const MAX_COMPONENTS: usize = 4;

#[derive(Clone, Copy)]
struct Component {
    id: u8,
    h: usize,
    v: usize,
    quant: usize,
    scanned: bool,
}

struct Frame {
    width: usize,
    height: usize,
    components: Vec<Component>,
    h_max: usize,
    v_max: usize,
}

pub fn walk(bytes: &[u8], width: u32, height: u32) -> Walk {
    walk_segments(bytes, width as usize, height as usize)
        .err()
        .unwrap_or(Walk::Whole)
}

/// A step of the walk; it stops early with the verdict (`Broken` or `NotSequential`).
type Step<T = ()> = Result<T, Walk>;

fn broken<T>() -> Step<T> {
    Err(Walk::Broken)
}

fn walk_segments(bytes: &[u8], width: usize, height: usize) -> Step {
    if bytes.len() < 4 || bytes[0] != 0xFF || bytes[1] != SOI {
        return broken();
    }
    let mut pos = 2;
    let mut frame: Option<Frame> = None;
    let mut quant = [false; 4];
    let mut dc: [Option<Huffman>; 4] = Default::default();
    let mut ac: [Option<Huffman>; 4] = Default::default();
    let mut restart_interval = 0usize;
    loop {
        let (marker, after) = next_marker(bytes, pos)?;
        pos = after;
        match marker {
            EOI => {
                let Some(frame) = frame else { return broken() };
                // A component no scan coded has no picture.
                return if frame.components.iter().all(|c| c.scanned) {
                    Ok(())
                } else {
                    broken()
                };
            }
            SOI | 0x00 => return broken(),
            0x01 | 0xD0..=0xD7 => return broken(),
            _ => {}
        }
        let Some(len) = bytes
            .get(pos..pos + 2)
            .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
        else {
            return broken();
        };
        if len < 2 || pos + len > bytes.len() {
            return broken();
        }
        let body = &bytes[pos + 2..pos + len];
        pos += len;
        match marker {
            0xC0 | 0xC1 => {
                if frame.is_some() {
                    return broken();
                }
                frame = Some(read_frame(body, width, height)?);
            }
            // Progressive, lossless, hierarchical and arithmetic-coded frames.
            0xC2 | 0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                return Err(Walk::NotSequential)
            }
            DHT => read_huffman_tables(body, &mut dc, &mut ac)?,
            DQT => read_quant_tables(body, &mut quant)?,
            DRI => {
                let [a, b] = body else { return broken() };
                restart_interval = usize::from(u16::from_be_bytes([*a, *b]));
            }
            SOS => {
                let Some(frame) = frame.as_mut() else {
                    return broken();
                };
                let scan = read_scan(body, frame, &quant, &dc, &ac)?;
                pos = walk_scan(bytes, pos, frame, &scan, restart_interval)?;
            }
            _ => {}
        }
    }
}

/// The next marker at or after `pos` (fill bytes allowed): its code and where its
/// segment starts.
fn next_marker(bytes: &[u8], mut pos: usize) -> Step<(u8, usize)> {
    if bytes.get(pos) != Some(&0xFF) {
        return broken();
    }
    while bytes.get(pos) == Some(&0xFF) {
        pos += 1;
    }
    match bytes.get(pos) {
        Some(&m) => Ok((m, pos + 1)),
        None => broken(),
    }
}

fn read_frame(body: &[u8], width: usize, height: usize) -> Step<Frame> {
    let [precision, h1, h0, w1, w0, count, rest @ ..] = body else {
        return broken();
    };
    if *precision != 8 {
        return Err(Walk::NotSequential);
    }
    let claimed = (
        usize::from(u16::from_be_bytes([*w1, *w0])),
        usize::from(u16::from_be_bytes([*h1, *h0])),
    );
    if claimed != (width, height) || width == 0 || height == 0 {
        return broken();
    }
    let count = usize::from(*count);
    if count == 0 || count > MAX_COMPONENTS || rest.len() != count * 3 {
        return broken();
    }
    let mut components = Vec::with_capacity(count);
    for c in rest.chunks_exact(3) {
        let (h, v, quant) = (
            usize::from(c[1] >> 4),
            usize::from(c[1] & 15),
            usize::from(c[2]),
        );
        if !(1..=4).contains(&h) || !(1..=4).contains(&v) || quant > 3 {
            return broken();
        }
        if components.iter().any(|k: &Component| k.id == c[0]) {
            return broken();
        }
        components.push(Component {
            id: c[0],
            h,
            v,
            quant,
            scanned: false,
        });
    }
    let h_max = components.iter().map(|c| c.h).max().unwrap_or(1);
    let v_max = components.iter().map(|c| c.v).max().unwrap_or(1);
    Ok(Frame {
        width,
        height,
        components,
        h_max,
        v_max,
    })
}

fn read_quant_tables(mut body: &[u8], defined: &mut [bool; 4]) -> Step {
    while let [pq_tq, rest @ ..] = body {
        let size = match pq_tq >> 4 {
            0 => 64,
            1 => 128,
            _ => return broken(),
        };
        let id = usize::from(pq_tq & 15);
        if id > 3 || rest.len() < size {
            return broken();
        }
        defined[id] = true;
        body = &rest[size..];
    }
    Ok(())
}

fn read_huffman_tables(
    mut body: &[u8],
    dc: &mut [Option<Huffman>; 4],
    ac: &mut [Option<Huffman>; 4],
) -> Step {
    while let [tc_th, rest @ ..] = body {
        let (class, id) = (tc_th >> 4, usize::from(tc_th & 15));
        if class > 1 || id > 3 || rest.len() < 16 {
            return broken();
        }
        let counts: [u8; 16] = rest[..16].try_into().map_err(|_| Walk::Broken)?;
        let total: usize = counts.iter().map(|&n| usize::from(n)).sum();
        if total > 256 || rest.len() < 16 + total {
            return broken();
        }
        let table = Huffman::new(&counts, &rest[16..16 + total])?;
        if class == 0 {
            dc[id] = Some(table);
        } else {
            ac[id] = Some(table);
        }
        body = &rest[16 + total..];
    }
    Ok(())
}

/// One scan's components, in coding order, with their tables.
struct Scan<'t> {
    /// Index into the frame's components, and the DC and AC tables.
    parts: Vec<(usize, &'t Huffman, &'t Huffman)>,
}

fn read_scan<'t>(
    body: &[u8],
    frame: &mut Frame,
    quant: &[bool; 4],
    dc: &'t [Option<Huffman>; 4],
    ac: &'t [Option<Huffman>; 4],
) -> Step<Scan<'t>> {
    let [count, rest @ ..] = body else {
        return broken();
    };
    let count = usize::from(*count);
    if count == 0 || count > MAX_COMPONENTS || rest.len() != count * 2 + 3 {
        return broken();
    }
    let (selectors, spectral) = rest.split_at(count * 2);
    // A sequential scan codes the whole block at full precision.
    if spectral != [0, 63, 0] {
        return broken();
    }
    let mut parts = Vec::with_capacity(count);
    let mut blocks_per_mcu = 0;
    for s in selectors.chunks_exact(2) {
        let Some(index) = frame.components.iter().position(|c| c.id == s[0]) else {
            return broken();
        };
        let component = &mut frame.components[index];
        if component.scanned || !quant[component.quant] {
            return broken();
        }
        component.scanned = true;
        blocks_per_mcu += component.h * component.v;
        let (dc_id, ac_id) = (usize::from(s[1] >> 4), usize::from(s[1] & 15));
        let (Some(Some(d)), Some(Some(a))) = (dc.get(dc_id), ac.get(ac_id)) else {
            return broken();
        };
        parts.push((index, d, a));
    }
    if count > 1 && blocks_per_mcu > 10 {
        return broken();
    }
    Ok(Scan { parts })
}

/// Reads every block of the scan whose data starts at `pos`; returns where the marker
/// after it starts.
fn walk_scan(
    bytes: &[u8],
    pos: usize,
    frame: &Frame,
    scan: &Scan,
    restart_interval: usize,
) -> Step<usize> {
    // An interleaved scan's unit covers h_max×v_max blocks of the frame, with h×v blocks
    // of each component; a scan of one component goes block by block over that
    // component's own size.
    let (mcus_x, mcus_y, blocks): (usize, usize, Vec<usize>) = if scan.parts.len() == 1 {
        let c = frame.components[scan.parts[0].0];
        let w = (frame.width * c.h).div_ceil(frame.h_max);
        let h = (frame.height * c.v).div_ceil(frame.v_max);
        (w.div_ceil(8), h.div_ceil(8), vec![1])
    } else {
        (
            frame.width.div_ceil(8 * frame.h_max),
            frame.height.div_ceil(8 * frame.v_max),
            scan.parts
                .iter()
                .map(|p| frame.components[p.0].h * frame.components[p.0].v)
                .collect(),
        )
    };
    let total = mcus_x * mcus_y;
    let mut bits = Bits::new(bytes, pos);
    let mut next_restart = 0u8;
    for mcu in 0..total {
        if restart_interval > 0 && mcu > 0 && mcu % restart_interval == 0 {
            bits.restart(RST0 + next_restart)?;
            next_restart = (next_restart + 1) & 7;
        }
        for (&(_, dc, ac), &n) in scan.parts.iter().zip(blocks.iter()) {
            for _ in 0..n {
                read_block(&mut bits, dc, ac)?;
            }
        }
        // Past the data's end the reader gives zeros; a block read from them is not
        // in the file.
        if bits.overrun {
            return broken();
        }
    }
    bits.end()
}

fn read_block(bits: &mut Bits, dc: &Huffman, ac: &Huffman) -> Step {
    // Each code is used together with the extra bits that follow it (the coefficient's
    // value, not needed here): one refill, one look, one step per coefficient.
    bits.ensure();
    let (size, len) = dc.decode(bits)?;
    if size > 11 {
        return broken();
    }
    bits.consume(len + u32::from(size));
    let mut k = 1;
    while k < 64 {
        bits.ensure();
        let (symbol, len) = ac.decode(bits)?;
        let (run, size) = (usize::from(symbol >> 4), symbol & 15);
        if size == 0 {
            bits.consume(len);
            match run {
                // End of block.
                0 => return Ok(()),
                // Sixteen zeros.
                15 => {
                    k += 16;
                    if k > 64 {
                        return broken();
                    }
                    continue;
                }
                // End-of-band runs belong to progressive scans.
                _ => return broken(),
            }
        }
        k += run;
        if k > 63 || size > 10 {
            return broken();
        }
        bits.consume(len + u32::from(size));
        k += 1;
    }
    Ok(())
}

/// Bits of entropy-coded data: stuffed zero bytes removed, zeros made up past the
/// marker that ends it.
struct Bits<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// Bits not yet used, from the top.
    acc: u64,
    /// How many bits `acc` holds.
    held: u32,
    /// How many of the held bits, at the bottom, are made up.
    made_up: u32,
    /// A marker (or the data's end) was met at `pos`.
    at_marker: bool,
    /// A made-up bit was used.
    overrun: bool,
}

impl<'a> Bits<'a> {
    fn new(bytes: &'a [u8], pos: usize) -> Self {
        Bits {
            bytes,
            pos,
            acc: 0,
            held: 0,
            made_up: 0,
            at_marker: false,
            overrun: false,
        }
    }

    fn fill(&mut self) {
        while self.held <= 56 {
            let mut byte = 0;
            if !self.at_marker {
                match self.bytes.get(self.pos) {
                    Some(0xFF) if self.bytes.get(self.pos + 1) == Some(&0x00) => {
                        byte = 0xFF;
                        self.pos += 2;
                    }
                    Some(0xFF) | None => self.at_marker = true,
                    Some(&b) => {
                        byte = b;
                        self.pos += 1;
                    }
                }
            }
            if self.at_marker {
                self.made_up += 8;
            }
            self.acc |= u64::from(byte) << (56 - self.held);
            self.held += 8;
        }
    }

    /// At least 32 bits held: the longest code (16) and its extra bits (11 at most).
    fn ensure(&mut self) {
        if self.held < 32 {
            self.fill();
        }
    }

    /// The next `n` bits (1 to 32), not used yet.
    fn top(&self, n: u32) -> u32 {
        (self.acc >> (64 - n)) as u32
    }

    /// Uses `n` held bits.
    fn consume(&mut self, n: u32) {
        self.acc <<= n;
        self.held -= n;
        if self.held < self.made_up {
            self.overrun = true;
            self.made_up = self.held;
        }
    }

    /// Moves past what is left of this interval's data to the marker after it, which
    /// must be `expected`.
    fn restart(&mut self, expected: u8) -> Step {
        let (marker, after) = next_marker(self.bytes, self.end()?)?;
        if marker != expected {
            return broken();
        }
        *self = Bits::new(self.bytes, after);
        Ok(())
    }

    /// Where the marker after the data starts. Bytes the blocks did not use (a
    /// decoder warns of them and goes on) are passed over.
    fn end(&self) -> Step<usize> {
        let mut pos = self.pos;
        loop {
            match (self.bytes.get(pos), self.bytes.get(pos + 1)) {
                (Some(0xFF), Some(0x00)) => pos += 2,
                (Some(0xFF), Some(_)) => return Ok(pos),
                (Some(_), _) => pos += 1,
                (None, _) => return broken(),
            }
        }
    }
}

/// A Huffman table, decoded nine bits at a time where the code is that short.
struct Huffman {
    /// For every 9-bit prefix: the symbol and code length (length 0: a longer code).
    fast: [(u8, u8); 1 << FAST_BITS],
    /// The standard's decoding procedure for longer codes: the largest code of each
    /// length (−1 for none), and what to add to a code for its symbol's index.
    max_code: [i32; 17],
    offset: [i32; 17],
    symbols: Vec<u8>,
}

const FAST_BITS: u32 = 9;

impl Default for Huffman {
    fn default() -> Self {
        Huffman {
            fast: [(0, 0); 1 << FAST_BITS],
            max_code: [-1; 17],
            offset: [0; 17],
            symbols: Vec::new(),
        }
    }
}

impl Huffman {
    /// Canonical codes from the per-length counts; a table whose codes do not fit
    /// their lengths is broken.
    fn new(counts: &[u8; 16], symbols: &[u8]) -> Step<Self> {
        let mut table = Huffman {
            symbols: symbols.to_vec(),
            ..Huffman::default()
        };
        let (mut code, mut k) = (0i32, 0usize);
        for len in 1..=16u32 {
            let n = i32::from(counts[len as usize - 1]);
            table.offset[len as usize] = k as i32 - code;
            for _ in 0..n {
                if code >= 1 << len {
                    return broken();
                }
                if len <= FAST_BITS {
                    let shift = FAST_BITS - len;
                    let first = (code as usize) << shift;
                    for entry in &mut table.fast[first..first + (1 << shift)] {
                        *entry = (symbols[k], len as u8);
                    }
                }
                code += 1;
                k += 1;
            }
            table.max_code[len as usize] = if n > 0 { code - 1 } else { -1 };
            code <<= 1;
        }
        Ok(table)
    }

    /// The symbol at the front of `bits` and its code's length (not yet used).
    fn decode(&self, bits: &Bits) -> Step<(u8, u32)> {
        let (symbol, len) = self.fast[bits.top(FAST_BITS) as usize];
        if len > 0 {
            return Ok((symbol, u32::from(len)));
        }
        let word = bits.top(16) as i32;
        for len in FAST_BITS + 1..=16 {
            let code = word >> (16 - len);
            if code <= self.max_code[len as usize] {
                return Ok((
                    self.symbols[(code + self.offset[len as usize]) as usize],
                    len,
                ));
            }
        }
        broken()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{decoder_agrees, numbered_photo, synthetic};
    use super::*;
    use reissue_pictures::{encode, Options, SamplingFactor, PLAIN};

    /// Where the first scan's data starts, and where the image ends.
    fn scan_data(file: &[u8]) -> (usize, usize) {
        let sos = file.windows(2).position(|w| w == [0xFF, SOS]).unwrap();
        let len = usize::from(u16::from_be_bytes([file[sos + 2], file[sos + 3]]));
        (sos + 2 + len, file.len() - 2)
    }

    #[test]
    fn what_encoders_write_is_whole() {
        let samplings = [
            SamplingFactor::R_4_4_4,
            SamplingFactor::R_4_2_2,
            SamplingFactor::R_4_2_0,
            SamplingFactor::R_4_1_1,
            SamplingFactor::R_4_4_0,
        ];
        for (w, h) in [(161, 97), (17, 9), (1, 1), (33, 200)] {
            for &sampling in &samplings {
                for restart in [0, 1, 7] {
                    for grey in [false, true] {
                        let o = Options {
                            sampling,
                            restart,
                            grey,
                            ..PLAIN
                        };
                        let file = encode(w, h, &o);
                        let label = format!("{w}×{h} {sampling:?} restart {restart} grey {grey}");
                        assert_eq!(walk(&file, w.into(), h.into()), Walk::Whole, "{label}");
                        // zune-jpeg 0.4 refuses one 1×1 shape with restart markers,
                        // which the standard allows; a single pixel is no photo.
                        if (w, h) != (1, 1) {
                            assert!(decoder_agrees(&file, w.into(), h.into()), "{label}");
                        }
                    }
                }
            }
        }
        // A phone-sized page, as the app sends it.
        let file = encode(1200, 900, &PLAIN);
        assert_eq!(walk(&file, 1200, 900), Walk::Whole);
        assert!(decoder_agrees(&file, 1200, 900));
        // Our own test pictures: one component, only DC coefficients.
        assert_eq!(walk(&numbered_photo(3, 1), 1200, 900), Walk::Whole);
        assert_eq!(walk(&synthetic(640, 480, true), 640, 480), Walk::Whole);
    }

    #[test]
    fn progressive_files_are_left_to_the_decoder() {
        let file = encode(
            640,
            480,
            &Options {
                progressive: true,
                ..PLAIN
            },
        );
        assert_eq!(walk(&file, 640, 480), Walk::NotSequential);
        assert!(super::super::decodes_to(&file, 640, 480));
        assert!(!super::super::decodes_to(&file, 640, 479));
    }

    #[test]
    fn another_size_than_claimed_is_broken() {
        let file = encode(640, 480, &PLAIN);
        assert_eq!(walk(&file, 640, 480), Walk::Whole);
        assert_eq!(walk(&file, 640, 481), Walk::Broken);
        assert_eq!(walk(&file, 480, 640), Walk::Broken);
    }

    #[test]
    fn data_that_ends_before_the_last_block_is_broken() {
        for o in [
            PLAIN,
            Options {
                restart: 4,
                ..PLAIN
            },
        ] {
            let file = encode(320, 240, &o);
            let (start, end) = scan_data(&file);
            // Cut anywhere in the data (well before its last bytes, which may be only
            // the final blocks' padding), and end the image there.
            for at in (start..end - 16).step_by(7) {
                let mut cut = file[..at].to_vec();
                cut.extend_from_slice(&[0xFF, EOI]);
                // (zune-jpeg, even strict, paints what is missing grey and says yes.)
                assert_eq!(walk(&cut, 320, 240), Walk::Broken, "cut at {at}");
                assert!(!super::super::decodes_to(&cut, 320, 240), "cut at {at}");
            }
        }
        // A frame header and tables with no scan at all.
        let file = encode(320, 240, &PLAIN);
        let sos = file.windows(2).position(|w| w == [0xFF, SOS]).unwrap();
        let mut headers_only = file[..sos].to_vec();
        headers_only.extend_from_slice(&[0xFF, EOI]);
        assert_eq!(walk(&headers_only, 320, 240), Walk::Broken);
    }

    #[test]
    fn restart_markers_out_of_order_are_broken() {
        let file = encode(
            320,
            240,
            &Options {
                restart: 2,
                ..PLAIN
            },
        );
        let (start, end) = scan_data(&file);
        let rst: Vec<usize> = (start..end)
            .filter(|&i| file[i] == 0xFF && (0xD0..=0xD7).contains(&file[i + 1]))
            .collect();
        assert!(rst.len() > 8, "{}", rst.len());
        let mut swapped = file.clone();
        swapped.swap(rst[2] + 1, rst[3] + 1);
        assert_eq!(walk(&swapped, 320, 240), Walk::Broken);
        // A marker dropped: the next interval's data is read as this one's.
        let mut dropped = file[..rst[5]].to_vec();
        dropped.extend_from_slice(&file[rst[5] + 2..]);
        assert_eq!(walk(&dropped, 320, 240), Walk::Broken);
    }

    #[test]
    fn tables_that_cannot_be_are_broken() {
        let file = encode(320, 240, &PLAIN);
        let dht = file.windows(2).position(|w| w == [0xFF, DHT]).unwrap();
        // More codes of length one than one bit can hold.
        let mut overfull = file.clone();
        overfull[dht + 5] = 3;
        assert_eq!(walk(&overfull, 320, 240), Walk::Broken);
        // A scan naming a Huffman table that was never given.
        let sos = file.windows(2).position(|w| w == [0xFF, SOS]).unwrap();
        let mut missing = file.clone();
        missing[sos + 6] = 0x33;
        assert_eq!(walk(&missing, 320, 240), Walk::Broken);
    }

    /// Against a full decoder, any byte of the data changed: a changed code mostly still
    /// decodes (to a wrong picture), and whatever the walk calls whole the decoder can
    /// paint. The walk refuses more: codes no table has, coefficients past the 64th,
    /// restart markers out of turn, blocks read past the data's end. The standard
    /// forbids each; zune-jpeg, even strict, paints over them.
    #[test]
    fn whole_only_where_a_decoder_paints_it() {
        let file = encode(
            160,
            120,
            &Options {
                restart: 3,
                ..PLAIN
            },
        );
        let (start, end) = scan_data(&file);
        let mut seed = 7u64;
        let (mut whole, mut broken, mut stricter, mut looser) = (0, 0, 0, Vec::new());
        for _ in 0..3000 {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let at = start + (seed >> 33) as usize % (end - start);
            let mut damaged = file.clone();
            damaged[at] = (seed >> 20) as u8;
            let painted = decoder_agrees(&damaged, 160, 120);
            match walk(&damaged, 160, 120) {
                Walk::Whole => {
                    whole += 1;
                    if !painted {
                        looser.push((at, damaged[at]));
                    }
                }
                Walk::Broken => {
                    broken += 1;
                    stricter += usize::from(painted);
                }
                Walk::NotSequential => panic!("still sequential"),
            }
        }
        assert!(
            whole > 100 && broken > 100,
            "{whole} whole, {broken} broken"
        );
        assert!(
            looser.is_empty(),
            "whole, but no decoder paints it: {looser:?}"
        );
        eprintln!("{whole} whole, {broken} broken, of which the decoder painted {stricter}");
    }

    #[test]
    fn never_panics_on_damage_anywhere() {
        let file = encode(
            64,
            48,
            &Options {
                restart: 1,
                ..PLAIN
            },
        );
        let mut seed = 99u64;
        for _ in 0..20_000 {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let mut damaged = file.clone();
            for k in 0..1 + (seed % 3) as usize {
                let at = (seed >> (10 + k * 7)) as usize % damaged.len();
                damaged[at] = (seed >> (33 + k)) as u8;
            }
            let _ = walk(&damaged, 64, 48);
            let cut = (seed >> 40) as usize % damaged.len();
            let _ = walk(&damaged[..cut], 64, 48);
        }
    }
}
