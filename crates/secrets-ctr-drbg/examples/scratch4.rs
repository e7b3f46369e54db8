#![allow(missing_docs)]
use std::hint::black_box;
use std::time::Instant;
fn main() {
    for buf_len in [16384usize, 32768, 65536] {
        for req in [4096usize, 1024, 8192] {
            let mut buf = vec![1u8; buf_len];
            let mut dest = vec![0u8; req];
            let mut pos = 0;
            let iters = 2_000_000;
            let mut best = f64::MAX;
            for _ in 0..15 {
                let t = Instant::now();
                for _ in 0..iters {
                    if pos + req > buf_len {
                        pos = 0;
                    }
                    let src = &mut buf[pos..pos + req];
                    dest.copy_from_slice(src);
                    src.fill(0);
                    pos += req;
                    black_box(&mut dest);
                    black_box(&mut buf);
                }
                best = best.min(t.elapsed().as_nanos() as f64 / iters as f64);
            }
            println!("buffer {buf_len} request {req}: copy+wipe {best:.1} ns");
        }
    }
}
