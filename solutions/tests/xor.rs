//! Tests of the reference solution of the chapter «Arquitectura», section
//! «XOR con dos capas»: the OR and AND neurons and the two-layer XOR network
//! of the slides, with inputs and outputs in ±1.

use nncore::data;
use solutions::xor::*;

/// The four inputs of the slide's table, in its order.
const INPUTS: [(f64, f64); 4] = [(-1.0, -1.0), (-1.0, 1.0), (1.0, -1.0), (1.0, 1.0)];

#[test]
fn or_neuron_truth_table() {
    let got: Vec<f64> = INPUTS.iter().map(|&(a, b)| or_neuron(a, b)).collect();
    assert_eq!(got, vec![-1.0, 1.0, 1.0, 1.0]);
}

#[test]
fn and_neuron_truth_table() {
    let got: Vec<f64> = INPUTS.iter().map(|&(a, b)| and_neuron(a, b)).collect();
    assert_eq!(got, vec![-1.0, -1.0, -1.0, 1.0]);
}

#[test]
fn neurons_use_the_slide_weights_and_sgn_of_zero_is_minus_one() {
    // x1 + x2 + 1 = 0 exactly: sgn(0) = −1.
    assert_eq!(or_neuron(-0.5, -0.5), -1.0);
    // x1 + x2 + 1 = 0.3 > 0.
    assert_eq!(or_neuron(0.2, -0.9), 1.0);
    // x1 + x2 − 1 = 0 exactly: sgn(0) = −1.
    assert_eq!(and_neuron(0.5, 0.5), -1.0);
    // x1 + x2 − 1 = 0.5 > 0.
    assert_eq!(and_neuron(2.0, -0.5), 1.0);
    // x1 + x2 − 1 = −0.1.
    assert_eq!(and_neuron(0.9, 0.0), -1.0);
}

#[test]
fn xor_slide_table_with_hidden_values() {
    // (x1, x2) → (y1 = OR, y2 = AND, y3 = XOR), as on the slide.
    let expected = [
        ((-1.0, -1.0), (-1.0, -1.0, -1.0)),
        ((-1.0, 1.0), (1.0, -1.0, 1.0)),
        ((1.0, -1.0), (1.0, -1.0, 1.0)),
        ((1.0, 1.0), (1.0, 1.0, -1.0)),
    ];
    for ((x1, x2), (y1, y2, y3)) in expected {
        assert_eq!(
            xor_network(x1, x2),
            XorTrace { y1, y2, y3 },
            "input ({x1}, {x2})"
        );
    }
}

#[test]
fn xor_network_output_column_is_minus_one_one_one_minus_one() {
    let got: Vec<f64> = INPUTS.iter().map(|&(a, b)| xor_network(a, b).y3).collect();
    assert_eq!(got, vec![-1.0, 1.0, 1.0, -1.0]);
}

#[test]
fn xor_network_agrees_with_the_xor_data_set() {
    for (x, y) in data::xor_gate() {
        assert_eq!(xor_network(x[0], x[1]).y3, y, "input {x:?}");
    }
}

#[test]
fn xor_network_follows_the_formulas_off_the_corners() {
    // (0.5, 0.5): y1 = sgn(2) = 1, y2 = sgn(0) = −1, y3 = sgn(1 + 1 − 1) = 1.
    assert_eq!(
        xor_network(0.5, 0.5),
        XorTrace {
            y1: 1.0,
            y2: -1.0,
            y3: 1.0
        }
    );
    // (−0.5, −0.5): y1 = sgn(0) = −1, y2 = sgn(−2) = −1, y3 = sgn(−1) = −1.
    assert_eq!(
        xor_network(-0.5, -0.5),
        XorTrace {
            y1: -1.0,
            y2: -1.0,
            y3: -1.0
        }
    );
    // (3, 0): y1 = 1, y2 = sgn(2) = 1, y3 = sgn(1 − 1 − 1) = −1.
    assert_eq!(
        xor_network(3.0, 0.0),
        XorTrace {
            y1: 1.0,
            y2: 1.0,
            y3: -1.0
        }
    );
}

#[test]
fn the_given_sgn_is_minus_one_at_zero() {
    assert_eq!(sgn(0.0), -1.0);
    assert_eq!(sgn(1e-9), 1.0);
    assert_eq!(sgn(-1e-9), -1.0);
}
