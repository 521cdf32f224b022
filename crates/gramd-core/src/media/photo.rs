//! Making a photo's sizes, as Telegram does: the picture scaled to fit boxes of 90 (`s`),
//! 320 (`m`), 800 (`x`), 1280 (`y`) and 2560 (`w`) pixels on its longest side, never
//! enlarged, each a JPEG.
//!
//! What gramd chooses where Telegram does not say:
//! - every box smaller than the picture's longest side gets a scaled copy (Catmull-Rom
//!   filter, JPEG quality 87);
//! - the picture itself is the next size up, under the type of the smallest box it fits,
//!   unless it is longer than 2560 pixels (then `w` is the largest, scaled); a JPEG keeps
//!   its bytes unchanged there (so the largest size downloads byte for byte as sent), other
//!   formats are encoded as JPEG at full size;
//! - a picture whose width plus height exceeds 10000 pixels, or whose sides differ by more
//!   than 20 times, is refused (`PHOTO_INVALID_DIMENSIONS`); bytes that are no picture of a
//!   known format (JPEG, PNG, GIF, WebP) are refused (`IMAGE_PROCESS_FAILED`).

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageFormat, ImageReader, Limits};

/// The boxes of the sizes: type and longest side in pixels, smallest first.
pub const PHOTO_SIZE_BOXES: [(char, u32); 5] =
    [('s', 90), ('m', 320), ('x', 800), ('y', 1280), ('w', 2560)];

/// Largest width plus height of a photo.
const MAX_DIMENSIONS_SUM: u32 = 10_000;
/// Largest ratio of a photo's longer side to its shorter one.
const MAX_RATIO: u32 = 20;
/// JPEG quality of the scaled sizes.
const JPEG_QUALITY: u8 = 87;

/// Why bytes could not be made a photo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoError {
    /// Not a picture gramd can read.
    NotAnImage,
    /// Too large, or too narrow.
    InvalidDimensions,
}

/// One size made of a photo: its type, pixels and JPEG bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessedSize {
    /// The size type (`s`, `m`, `x`, `y`, `w`).
    pub kind: char,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The JPEG.
    pub jpeg: Vec<u8>,
}

/// The sizes of a photo, smallest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessedPhoto {
    /// The sizes; never empty.
    pub sizes: Vec<ProcessedSize>,
}

/// Decodes `bytes` and makes the photo's sizes (see the module docs). CPU-bound: run it off
/// the async threads.
///
/// # Errors
/// [`PhotoError`] for bytes that are no picture or have unacceptable dimensions.
pub fn process_photo(bytes: &[u8]) -> Result<ProcessedPhoto, PhotoError> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| PhotoError::NotAnImage)?;
    let format = reader.format().ok_or(PhotoError::NotAnImage)?;
    let (width, height) = reader
        .into_dimensions()
        .map_err(|_| PhotoError::NotAnImage)?;
    check_dimensions(width, height)?;
    reader = ImageReader::new(Cursor::new(bytes));
    reader.set_format(format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSIONS_SUM);
    limits.max_image_height = Some(MAX_DIMENSIONS_SUM);
    reader.limits(limits);
    let picture = reader.decode().map_err(|_| PhotoError::NotAnImage)?;
    let longest = width.max(height);
    let mut sizes = Vec::with_capacity(PHOTO_SIZE_BOXES.len());
    for (kind, side) in PHOTO_SIZE_BOXES {
        if side < longest {
            let scaled = picture.resize(side, side, FilterType::CatmullRom);
            sizes.push(ProcessedSize {
                kind,
                width: scaled.width(),
                height: scaled.height(),
                jpeg: encode_jpeg(&scaled)?,
            });
        } else {
            let jpeg = if format == ImageFormat::Jpeg {
                bytes.to_vec()
            } else {
                encode_jpeg(&picture)?
            };
            sizes.push(ProcessedSize {
                kind,
                width,
                height,
                jpeg,
            });
            break;
        }
    }
    Ok(ProcessedPhoto { sizes })
}

fn check_dimensions(width: u32, height: u32) -> Result<(), PhotoError> {
    let (short, long) = (width.min(height), width.max(height));
    if short == 0
        || width.saturating_add(height) > MAX_DIMENSIONS_SUM
        || long > short.saturating_mul(MAX_RATIO)
    {
        return Err(PhotoError::InvalidDimensions);
    }
    Ok(())
}

fn encode_jpeg(picture: &DynamicImage) -> Result<Vec<u8>, PhotoError> {
    let mut out = Vec::new();
    let rgb = DynamicImage::ImageRgb8(picture.to_rgb8());
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|_| PhotoError::NotAnImage)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage};

    fn picture(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
        let img = RgbImage::from_fn(width, height, |x, y| {
            Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
        });
        let mut out = Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(img)
            .write_to(&mut out, format)
            .unwrap();
        out.into_inner()
    }

    #[test]
    fn sizes_fit_their_boxes_and_the_original_comes_last() {
        let jpeg = picture(1000, 500, ImageFormat::Jpeg);
        let photo = process_photo(&jpeg).unwrap();
        let shape: Vec<(char, u32, u32)> = photo
            .sizes
            .iter()
            .map(|s| (s.kind, s.width, s.height))
            .collect();
        assert_eq!(
            shape,
            [
                ('s', 90, 45),
                ('m', 320, 160),
                ('x', 800, 400),
                ('y', 1000, 500)
            ]
        );
        assert_eq!(photo.sizes[3].jpeg, jpeg, "a JPEG keeps its bytes");
        for size in &photo.sizes[..3] {
            assert_eq!(
                image::guess_format(&size.jpeg).unwrap(),
                ImageFormat::Jpeg,
                "{}",
                size.kind
            );
        }
    }

    #[test]
    fn small_pictures_are_never_enlarged_and_other_formats_become_jpeg() {
        let png = picture(60, 40, ImageFormat::Png);
        let photo = process_photo(&png).unwrap();
        assert_eq!(photo.sizes.len(), 1);
        let only = &photo.sizes[0];
        assert_eq!((only.kind, only.width, only.height), ('s', 60, 40));
        assert_eq!(image::guess_format(&only.jpeg).unwrap(), ImageFormat::Jpeg);
    }

    #[test]
    fn junk_and_bad_dimensions_are_refused() {
        assert_eq!(
            process_photo(b"definitely not a picture"),
            Err(PhotoError::NotAnImage)
        );
        assert_eq!(
            process_photo(&picture(420, 20, ImageFormat::Png)),
            Err(PhotoError::InvalidDimensions)
        );
    }
}
