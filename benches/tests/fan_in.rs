//! Every fan-in contender receives every item, on both runtimes, whatever
//! the shape: a broken contender must not win a table.

use asyncgen_benches::fan_in::{Contender, Runtimes, Shape};

#[test]
fn every_fan_in_contender_sums_every_item() {
    let runtimes = Runtimes::new();
    for (flavour, runtime) in runtimes.each() {
        for producers in [0, 1, 2, 8] {
            for items in [0, 1, 100] {
                for capacity in [1, 64] {
                    let shape = Shape {
                        producers,
                        items,
                        capacity,
                    };
                    for contender in Contender::ALL {
                        // `run` panics on a wrong sum.
                        let sum = contender.run(runtime, shape);
                        assert_eq!(sum, shape.expected(), "{flavour} {contender:?} {shape:?}");
                    }
                }
            }
        }
    }
}
