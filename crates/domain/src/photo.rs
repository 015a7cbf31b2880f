//! What the checks on a photo (a household-register page, or the applicant's own photo
//! for the card) can find, and what each finding lets the applicant do. The pixels are measured by the photo pipeline (`reissue-photo`,
//! in a worker); the page that shows the verdict and the pipeline share these words.

use crate::error::Refusal;

/// The largest upload, in bytes: the app's pipeline sends about a quarter of this.
pub const MAX_PHOTO_BYTES: usize = 2 * 1024 * 1024;

/// The short side a photo needs for the officer to read a page: the browser's check
/// ([`Problem::TooSmall`]) and the server's refusal ([`PhotoRefused::TooSmall`]).
pub const MIN_SHORT_SIDE: u32 = 800;

/// Why the server refuses an uploaded photo, before or after reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoRefused {
    NotJpeg,
    /// Over [`MAX_PHOTO_BYTES`].
    TooLarge,
    /// The upload stopped before its end.
    Interrupted,
    Empty,
    /// A JPEG cut short.
    Truncated,
    /// Under [`MIN_SHORT_SIDE`] on its short side.
    TooSmall {
        width: u32,
        height: u32,
    },
    /// More than [`too_many_pixels`] allows.
    TooManyPixels {
        width: u32,
        height: u32,
    },
    /// Its header says JPEG, but its pixels do not decode to what it says.
    NotAnImage,
}

impl PhotoRefused {
    /// What a cleaned JPEG of `width` × `height` is refused for, if anything.
    pub fn for_size(width: u32, height: u32) -> Option<PhotoRefused> {
        if width.min(height) < MIN_SHORT_SIDE {
            return Some(PhotoRefused::TooSmall { width, height });
        }
        too_many_pixels(width, height).then_some(PhotoRefused::TooManyPixels { width, height })
    }
}

impl Refusal for PhotoRefused {
    fn code(&self) -> &'static str {
        match self {
            PhotoRefused::NotJpeg => "not_jpeg",
            PhotoRefused::TooLarge => "too_large",
            PhotoRefused::Interrupted => "upload_interrupted",
            PhotoRefused::Empty => "empty",
            PhotoRefused::Truncated => "truncated",
            PhotoRefused::TooSmall { .. } => "too_small",
            PhotoRefused::TooManyPixels { .. } => "too_many_pixels",
            PhotoRefused::NotAnImage => "not_an_image",
        }
    }

    /// What the applicant reads: what is wrong and what to do.
    fn message(&self) -> String {
        match self {
            PhotoRefused::NotJpeg => "请上传 JPG 格式的照片".to_string(),
            PhotoRefused::TooLarge => {
                "照片不能超过 2 MB，请压缩后重新上传（手机拍照时可选择较低的分辨率）".to_string()
            }
            PhotoRefused::Interrupted => "上传中断，请检查网络后重试".to_string(),
            PhotoRefused::Empty => "照片文件是空的，请重新选择或重新拍摄".to_string(),
            PhotoRefused::Truncated => "照片文件不完整，可能上传时中断了，请重新上传".to_string(),
            PhotoRefused::TooSmall { width, height } => format!(
                "照片分辨率太低（{width}×{height}），短边至少需要 {MIN_SHORT_SIDE} 像素，请靠近拍摄或用原图上传"
            ),
            PhotoRefused::TooManyPixels { width, height } => format!(
                "照片尺寸太大（{width}×{height}）。请在本页面点“拍照”或“从相册选择”重新上传，页面会自动处理成合适的大小"
            ),
            PhotoRefused::NotAnImage => {
                "这个文件打不开，不是一张完整的照片。请重新拍摄，或选择相册里的原图".to_string()
            }
        }
    }
}

/// The longest side an upload may have. The app sends at most 2048 px (its pipeline's
/// long edge); a phone's original is about 4000. Anything larger is no photo the app made,
/// and decoding it would cost the server more than any photo of a page is worth.
pub const MAX_UPLOAD_SIDE: u32 = 4096;

/// The most pixels an upload may have (a 4000 × 4000 original at most).
pub const MAX_UPLOAD_PIXELS: u64 = 16_000_000;

/// Is a `width` × `height` upload more than the service decodes?
pub fn too_many_pixels(width: u32, height: u32) -> bool {
    width.max(height) > MAX_UPLOAD_SIDE || u64::from(width) * u64::from(height) > MAX_UPLOAD_PIXELS
}

/// One thing wrong with a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Blurred,
    Glare,
    TooDark,
    Overexposed,
    TooSmall,
    /// A photo for the card in front of a busy background (people, things, patterns).
    BusyBackground,
}

impl Problem {
    pub const ALL: [Problem; 6] = [
        Problem::Blurred,
        Problem::Glare,
        Problem::TooDark,
        Problem::Overexposed,
        Problem::TooSmall,
        Problem::BusyBackground,
    ];

    /// What the user reads: what is wrong and how to retake it.
    pub fn message(self) -> &'static str {
        match self {
            Problem::Blurred => "照片模糊，请在光线充足处对焦后重拍。",
            Problem::Glare => "照片有反光，请避开灯光直射，换个角度重拍。",
            Problem::TooDark => "照片太暗，请在光线充足处重拍。",
            Problem::Overexposed => "照片过曝，字迹看不清，请避开强光或关闭闪光灯后重拍。",
            Problem::TooSmall => {
                "照片分辨率太低，请靠近拍摄或使用后置摄像头，让户口本这一页占满画面后重拍。"
            }
            Problem::BusyBackground => {
                "背景不是纯色，请站在白色或浅色的纯色墙前重拍，身后不要有人和杂物。"
            }
        }
    }

    /// Whether "仍然上传" is offered. Blur, exposure and glare are judgements an officer
    /// can still make on a readable page, and a heuristic that misfires (a white sheet
    /// under the page, a glossy stamp) must not lock a citizen out of the online service;
    /// the officer's review is the backstop. Resolution is a plain fact about the file
    /// that no officer can overrule, so it never is.
    pub fn may_upload_anyway(self) -> bool {
        !matches!(self, Problem::TooSmall)
    }

    /// A stable name: what the pipeline hands the page, and what logs and tests read.
    pub fn code(self) -> &'static str {
        match self {
            Problem::Blurred => "blurred",
            Problem::Glare => "glare",
            Problem::TooDark => "too_dark",
            Problem::Overexposed => "overexposed",
            Problem::TooSmall => "too_small",
            Problem::BusyBackground => "busy_background",
        }
    }

    pub fn from_code(code: &str) -> Option<Problem> {
        Problem::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// The outcome of the checks: no problems means upload at once.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Verdict {
    pub problems: Vec<Problem>,
}

impl Verdict {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// "仍然上传" is offered only if every problem allows it.
    pub fn may_upload_anyway(&self) -> bool {
        self.problems.iter().all(|p| p.may_upload_anyway())
    }

    pub fn codes(&self) -> Vec<&'static str> {
        self.problems.iter().map(|p| p.code()).collect()
    }
}

/// The card photo's background, around the head, varies more than this (the standard
/// deviation of luminance, 0–255, in the top band and the upper side strips of the
/// frame): not the plain background a card photo needs. A plain wall with a soft shadow
/// measures under 12 on the test photos, a room, a crowd or a patterned wall over 40.
pub const PORTRAIT_MAX_BACKGROUND_SPREAD: f32 = 24.0;

/// The checks of a photo for the card, from those every photo gets: resolution and
/// exposure stay; blur and glare go, as their cut-offs are calibrated on document pages
/// (fine ink strokes, paper that should not shine) and a face has far less fine detail
/// while its background is meant to be bright; and the background must be plain. A
/// heuristic, so "仍然上传" stays open: the officer is the judge.
pub fn portrait_verdict(photo: &Verdict, background_spread: f32) -> Verdict {
    let mut problems: Vec<Problem> = photo
        .problems
        .iter()
        .copied()
        .filter(|p| !matches!(p, Problem::Blurred | Problem::Glare))
        .collect();
    if background_spread > PORTRAIT_MAX_BACKGROUND_SPREAD {
        problems.push(Problem::BusyBackground);
    }
    Verdict { problems }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_reads_back_from_its_code_and_only_resolution_is_final() {
        for p in Problem::ALL {
            assert_eq!(Problem::from_code(p.code()), Some(p));
            assert!(p.message().ends_with('。'));
            assert_eq!(p.may_upload_anyway(), p != Problem::TooSmall);
        }
        assert_eq!(Problem::from_code("sharp"), None);
        let document = Verdict {
            problems: vec![Problem::TooDark, Problem::Glare, Problem::Blurred],
        };
        assert_eq!(
            portrait_verdict(&document, 8.0).problems,
            [Problem::TooDark]
        );
        assert_eq!(
            portrait_verdict(&Verdict::default(), 45.0).problems,
            [Problem::BusyBackground]
        );
        let v = Verdict {
            problems: vec![Problem::Blurred, Problem::TooSmall],
        };
        assert!(!v.is_ok() && !v.may_upload_anyway());
        assert_eq!(v.codes(), ["blurred", "too_small"]);
    }
}

#[cfg(test)]
mod bounds_tests {
    use super::*;

    #[test]
    fn what_the_app_sends_is_within_bounds_and_a_decompression_bomb_is_not() {
        assert!(!too_many_pixels(2048, 1536));
        assert!(!too_many_pixels(4000, 3000));
        assert!(!too_many_pixels(4000, 4000));
        assert!(too_many_pixels(4097, 100));
        assert!(too_many_pixels(4096, 4096), "16.8 MP");
        assert!(too_many_pixels(7040, 7040));
    }
}
