//! QR codes for the printable authorisation and the pickup voucher, drawn on the server
//! as SVG (the office's scanner reads the number; nothing else is in the code).

use qrcode::render::svg;
use qrcode::QrCode;

/// An SVG QR code of `text`, about 200 px square with its quiet zone; `None` only for
/// text too long for a QR code, which numbers never are.
pub fn svg(text: &str) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<svg::Color>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_number_becomes_an_svg_qr_code() {
        let svg = super::svg("WT20261201000001").unwrap();
        assert!(svg.contains("<svg") && svg.contains("<path"), "{svg}");
    }
}
