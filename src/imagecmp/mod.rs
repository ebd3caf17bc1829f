//! Image similarity measures (SSIM, PSNR) used by golden tests and benchmarks.
