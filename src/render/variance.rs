//! POV-Ray's confidence test for adaptive sampling (focal blur, media methods 1 and
//! 2): samples are added until their variance falls below a threshold that grows with
//! their number, from the chi-square distribution at the asked confidence.

/// The variance below which `n` samples are enough, for n = 1, 2, ... `most`: the
/// variance asked for, scaled by the chi-square quantile at `confidence` for `n`
/// degrees of freedom over that for `most - 1`, as POV-Ray 3.7 sets them.
pub fn confidence_thresholds(most: u32, confidence: f64, variance: f64) -> Vec<f64> {
    let most = most.max(1);
    if most == 1 {
        return vec![0.0];
    }
    let scale = variance / chi_square_lower(f64::from(most - 1), confidence);
    (1..=most)
        .map(|i| scale * chi_square_lower(f64::from(i), confidence))
        .collect()
}

/// The value a chi-square variable with `df` degrees of freedom exceeds with
/// probability `confidence`: the Wilson-Hilferty approximation, with the normal
/// quantile from Abramowitz and Stegun 26.2.23 (good to about 5e-4).
fn chi_square_lower(df: f64, confidence: f64) -> f64 {
    let z = normal_upper_quantile(confidence.clamp(1e-9, 1.0 - 1e-9));
    let k = 2.0 / (9.0 * df);
    let base = (1.0 - k + z * k.sqrt()).max(0.05);
    df * base * base * base
}

/// The z with P(Z > z) = p for a standard normal Z.
fn normal_upper_quantile(p: f64) -> f64 {
    let (q, sign) = if p > 0.5 { (1.0 - p, -1.0) } else { (p, 1.0) };
    let t = (-2.0 * q.ln()).sqrt();
    let z = t
        - (2.515517 + 0.802853 * t + 0.010328 * t * t)
            / (1.0 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
    sign * z
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chi_square_quantiles() {
        // The 10% point of chi-square with 36 degrees of freedom is 25.643, the 2.5%
        // point with 10 is 3.247 (by bisection on the regularised incomplete gamma).
        assert!((chi_square_lower(36.0, 0.9) - 25.643).abs() < 0.1);
        assert!((chi_square_lower(10.0, 0.975) - 3.247).abs() < 0.1);
        assert!((normal_upper_quantile(0.025) - 1.95996).abs() < 1e-3);
        assert!((normal_upper_quantile(0.9) + 1.28155).abs() < 1e-3);
    }

    #[test]
    fn thresholds_grow_with_the_samples_to_the_variance() {
        let t = confidence_thresholds(8, 0.9, 0.01);
        assert_eq!(t.len(), 8);
        assert!(t.windows(2).all(|w| w[0] < w[1]), "{t:?}");
        // At one less than the most samples the threshold is the variance asked for.
        assert!((t[6] - 0.01).abs() < 1e-12, "{t:?}");
        assert_eq!(confidence_thresholds(1, 0.9, 0.01), vec![0.0]);
    }
}
