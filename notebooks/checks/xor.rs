//! The cells that call the student's `xor` functions beside the reference
//! (see `notebooks/generator`): one function per exercise, whose body
//! becomes a notebook cell.

pub fn or_neuron() {
    check!(xor => or_neuron(-1.0, -1.0));
    check!(xor => or_neuron(-1.0, 1.0));
    check!(xor => or_neuron(1.0, -1.0));
    check!(xor => or_neuron(1.0, 1.0));
}

pub fn and_neuron() {
    check!(xor => and_neuron(-1.0, -1.0));
    check!(xor => and_neuron(-1.0, 1.0));
    check!(xor => and_neuron(1.0, -1.0));
    check!(xor => and_neuron(1.0, 1.0));
}

pub fn xor_network() {
    check!(xor => xor_network(-1.0, -1.0));
    check!(xor => xor_network(-1.0, 1.0));
    check!(xor => xor_network(1.0, -1.0));
    check!(xor => xor_network(1.0, 1.0));
}
