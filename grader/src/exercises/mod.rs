//! The grader's knowledge of each chapter's exercises (see [`crate::spec`]).

pub mod activations;
pub mod backprop;
pub mod backprop_neuron;
pub mod boundary;
pub mod boundary_capstone;
pub mod boundary_generalization;
pub mod capstone;
pub mod cnn_rnn;
pub mod generalization;
pub mod generate;
pub mod perceptron;
pub mod vectorization;
pub mod xor;
pub mod xor_training;
