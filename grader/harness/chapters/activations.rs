// Calls the `activations` chapter's functions from wire inputs. Included (not
// `mod`-declared) where `student` names the chapter module being graded.
use serde_json::Value;

use crate::wire::*;

pub fn call(id: &str, input: &Value) -> Result<Value, String> {
    let z = || f64_arg(input, "z");
    let alpha = || f64_arg(input, "alpha");
    let y = || vec_arg(input, "y");
    let y_hat = || vec_arg(input, "y_hat");
    Ok(num(match id {
        "sigmoid" => student::sigmoid(z()?),
        "sigmoid_derivative" => student::sigmoid_derivative(z()?),
        "tanh" => student::tanh(z()?),
        "tanh_derivative" => student::tanh_derivative(z()?),
        "relu" => student::relu(z()?),
        "relu_derivative" => student::relu_derivative(z()?),
        "leaky_relu" => student::leaky_relu(z()?, alpha()?),
        "leaky_relu_derivative" => student::leaky_relu_derivative(z()?, alpha()?),
        "squared_error_cost" => student::squared_error_cost(&y()?, &y_hat()?),
        "cross_entropy_cost" => student::cross_entropy_cost(&y()?, &y_hat()?),
        _ => return Err(format!("el corrector no conoce el ejercicio activations::{id}")),
    }))
}
