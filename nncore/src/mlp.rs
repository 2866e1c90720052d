//! The parameters of a fully connected (multi-layer) network.

use ndarray::{Array1, Array2};

use crate::{Rng, ShapeError};

/// Parámetros de una red densa de varias capas (perceptrón multicapa).
///
/// La capa `l` (contando desde 1 como en las diapositivas) usa
/// `weights[l - 1]`, de forma `n_l × n_{l-1}`, y `biases[l - 1]`, de largo
/// `n_l`, y calcula `z[l] = W[l] a[l-1] + b[l]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Mlp {
    pub weights: Vec<Array2<f64>>,
    pub biases: Vec<Array1<f64>>,
}

impl Mlp {
    /// Arma una red a partir de sus pesos y sesgos, comprobando que las formas
    /// encajen capa con capa.
    pub fn new(weights: Vec<Array2<f64>>, biases: Vec<Array1<f64>>) -> Result<Self, ShapeError> {
        if weights.len() != biases.len() {
            return Err(ShapeError::new(format!(
                "hay {} matrices de pesos pero {} vectores de sesgo",
                weights.len(),
                biases.len()
            )));
        }
        for (l, (w, b)) in weights.iter().zip(&biases).enumerate() {
            if w.nrows() != b.len() {
                return Err(ShapeError::new(format!(
                    "capa {}: W tiene {} filas pero b tiene {} elementos",
                    l + 1,
                    w.nrows(),
                    b.len()
                )));
            }
            if l > 0 && weights[l - 1].nrows() != w.ncols() {
                return Err(ShapeError::new(format!(
                    "capa {}: W tiene {} columnas pero la capa anterior tiene {} neuronas",
                    l + 1,
                    w.ncols(),
                    weights[l - 1].nrows()
                )));
            }
        }
        Ok(Self { weights, biases })
    }

    /// Una red con las capas `sizes` (entrada primero), pesos al azar con
    /// distribución normal escalada por `1/√n_{l-1}` y sesgos en cero.
    ///
    /// Los pesos se sortean capa por capa, fila por fila.
    pub fn random(sizes: &[usize], rng: &mut Rng) -> Self {
        let mut weights = Vec::new();
        let mut biases = Vec::new();
        for pair in sizes.windows(2) {
            let (fan_in, fan_out) = (pair[0], pair[1]);
            let scale = 1.0 / (fan_in.max(1) as f64).sqrt();
            weights.push(Array2::from_shape_fn((fan_out, fan_in), |_| {
                rng.normal() * scale
            }));
            biases.push(Array1::zeros(fan_out));
        }
        Self { weights, biases }
    }

    /// Los tamaños de las capas, entrada primero: `[d, n_1, …, n_L]`.
    pub fn layer_sizes(&self) -> Vec<usize> {
        let mut sizes: Vec<usize> = self
            .weights
            .first()
            .map(|w| vec![w.ncols()])
            .unwrap_or_default();
        sizes.extend(self.weights.iter().map(|w| w.nrows()));
        sizes
    }

    /// La cantidad de capas con parámetros (sin contar la entrada).
    pub fn depth(&self) -> usize {
        self.weights.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn random_network_has_the_requested_shapes() {
        let net = Mlp::random(&[784, 128, 10], &mut Rng::new(0));
        assert_eq!(net.layer_sizes(), vec![784, 128, 10]);
        assert_eq!(net.weights[0].dim(), (128, 784));
        assert_eq!(net.biases[1].len(), 10);
    }

    #[test]
    fn new_rejects_layers_that_do_not_fit() {
        let w1 = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
        let w2 = array![[1.0, 2.0]];
        let err = Mlp::new(vec![w1, w2], vec![array![0.0, 0.0, 0.0], array![0.0]]).unwrap_err();
        assert!(err.message.contains("capa 2"), "{err}");
    }
}
