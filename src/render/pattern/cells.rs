//! The cell hash and random table POV-Ray 3.7's `cells` and `crackle` draw from.
//!
//! Facts reproduced: the cell hash is the noise's 4096-entry lattice permutation
//! (a shuffle of 0..4096 driven by the LCG `r = r * 1812433253 + 12345` from seed 0,
//! taking `((r >> 16) & 0x7FFF) % 4096`, slots swapped from the top down), applied
//! as `H[H[H[x & 0xFFF] ^ (y & 0xFFF)] ^ (z & 0xFFF)]`; the random values are 32768
//! doubles in [0, 1) from a Mersenne Twister (MT19937, default seed 5489), each
//! 32-bit output divided by 2^32, indexed modulo 32768.

use std::sync::OnceLock;

const HASH_SIZE: usize = 4096;
const RANDOM_COUNT: usize = 32768;

struct CellTables {
    hash: Vec<u16>,
    rands: Vec<f64>,
}

fn build_hash() -> Vec<u16> {
    let mut hash: Vec<u16> = (0..HASH_SIZE as u16).collect();
    let mut r: i32 = 0;
    for i in (0..HASH_SIZE).rev() {
        r = r.wrapping_mul(1_812_433_253).wrapping_add(12_345);
        let j = (((r >> 16) & 0x7FFF) as usize) % HASH_SIZE;
        hash.swap(i, j);
    }
    hash
}

/// The 32-bit Mersenne Twister with its standard default seed.
struct Mt19937 {
    state: [u32; 624],
    index: usize,
}

impl Mt19937 {
    fn new(seed: u32) -> Mt19937 {
        let mut state = [0u32; 624];
        state[0] = seed;
        for i in 1..624 {
            let prev = state[i - 1];
            state[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        Mt19937 { state, index: 624 }
    }

    fn next(&mut self) -> u32 {
        if self.index >= 624 {
            for i in 0..624 {
                let y = (self.state[i] & 0x8000_0000) | (self.state[(i + 1) % 624] & 0x7FFF_FFFF);
                let mut v = self.state[(i + 397) % 624] ^ (y >> 1);
                if y & 1 != 0 {
                    v ^= 0x9908_B0DF;
                }
                self.state[i] = v;
            }
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C_5680;
        y ^= (y << 15) & 0xEFC6_0000;
        y ^= y >> 18;
        y
    }
}

fn build_rands() -> Vec<f64> {
    let mut mt = Mt19937::new(5489);
    (0..RANDOM_COUNT)
        .map(|_| mt.next() as f64 / 4_294_967_296.0)
        .collect()
}

fn tables() -> &'static CellTables {
    static TABLES: OnceLock<CellTables> = OnceLock::new();
    TABLES.get_or_init(|| CellTables {
        hash: build_hash(),
        rands: build_rands(),
    })
}

/// POV-Ray's `Hash3d` of an integer cell.
pub fn hash3d(x: i32, y: i32, z: i32) -> usize {
    let h = &tables().hash;
    let a = h[(x & 0xFFF) as usize] as i32;
    let b = h[((a ^ (y & 0xFFF)) & 0xFFF) as usize] as i32;
    h[((b ^ (z & 0xFFF)) & 0xFFF) as usize] as usize
}

/// POV-Ray's pattern random value number `i` (taken modulo the table size).
pub fn random(i: usize) -> f64 {
    let r = &tables().rands;
    r[i % r.len()]
}

/// Double to 32-bit int as POV-Ray's x86-64 build converts (truncation; NaN and
/// out-of-range values give the smallest int).
pub fn trunc_i32(v: f64) -> i32 {
    if v > -2_147_483_649.0 && v < 2_147_483_648.0 {
        v as i32
    } else {
        i32::MIN
    }
}
