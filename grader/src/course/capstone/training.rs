//! The training loop with early stopping, judged by a property.

use super::step::{SgdMistake, sgd};
use super::*;

pub fn specs() -> Vec<Spec> {
    vec![Spec {
        chapter: "capstone",
        id: "train",
        hidden: |rng, n| (0..n).map(|_| train_case(rng)).collect(),
        boundary: |drawn| {
            let mut cases = drawn(&["patience = 0: para después de la primera época"]);
            cases[0].1["config"]["patience"] = json!(0);
            cases
        },
        mistakes: Vec::new(),
        property: Some(train_property),
    }]
}

// ---------------------------------------------------------------------------
// Training with validation and early stopping
// ---------------------------------------------------------------------------

/// Blobs of 2 to 4 classes in 2 to 4 dimensions, rows interleaved by
/// class. The centres sit on a circle of radius 2.5 in the first two
/// dimensions, far apart; one label in twelve is moved to the next class,
/// as noisy data has, so the validation loss stops falling once the network
/// grows sure of itself and early stopping has something to do.
///
/// The grader must never fail a correct training: a case is kept only if
/// the grader's own training (`train_copy`, the algorithm of the catalog)
/// passes the property on it. A few drawn cases in a thousand are redrawn
/// (3 of the first 1241 seeds' first draws).
fn train_case(rng: &mut Rng) -> Value {
    let mut case = draw_train_case(rng);
    for _ in 0..100 {
        if train_copy(&case).is_some_and(|out| train_property(&case, &out).is_ok()) {
            break;
        }
        case = draw_train_case(rng);
    }
    case
}

fn draw_train_case(rng: &mut Rng) -> Value {
    let classes = int(rng, 2, 4);
    let d = int(rng, 2, 4);
    let n = 20 * classes + int(rng, 0, 10);
    let phase = rng.uniform_range(0.0, std::f64::consts::TAU);
    let centres = Array2::from_shape_fn((classes, d), |(c, j)| {
        let angle = phase + std::f64::consts::TAU * c as f64 / classes as f64;
        match j {
            0 => 2.5 * angle.cos(),
            1 => 2.5 * angle.sin(),
            _ => float(rng, -1.0, 1.0),
        }
    });
    let class = |i: usize| i % classes;
    let x = Array2::from_shape_fn((n, d), |(i, j)| {
        ((centres[[class(i), j]] + 0.4 * rng.normal()) * 1000.0).round() / 1000.0
    });
    let labels: Vec<usize> = (0..n)
        .map(|i| {
            if i % 12 == 11 {
                (class(i) + 1) % classes
            } else {
                class(i)
            }
        })
        .collect();
    json!({
        "x": wire::array2(&x),
        "labels": labels,
        "config": {
            "hidden": int(rng, 4, 8),
            "classes": classes,
            "eta": 0.5,
            "batch_size": int(rng, 4, 10),
            "max_epochs": 40,
            "patience": int(rng, LEARNING_PATIENCE, 6),
            "validation": n / 4,
            "seed": rng.below(1000),
        },
    })
}

/// The grader's own copy of the training the catalog describes (the
/// reference's algorithm), used to keep only cases it learns well.
fn train_copy(input: &Value) -> Option<Value> {
    let x = matrix_arg(input, "x").ok()?;
    let labels = labels_arg(input)?;
    let config = wire::field(input, "config").ok()?;
    let get = |key: &str| usize_arg(config, key).ok();
    let (hidden, classes, batch_size) = (get("hidden")?, get("classes")?, get("batch_size")?);
    let (max_epochs, patience, validation) =
        (get("max_epochs")?, get("patience")?, get("validation")?);
    let eta = f64_arg(config, "eta").ok()?;
    let n_train = x.nrows().checked_sub(validation)?;
    let y = one_hot(&labels, classes, 0)?;
    let x_val = x.slice(ndarray::s![n_train.., ..]).to_owned();
    let y_val = y.slice(ndarray::s![n_train.., ..]).to_owned();
    let mut rng = Rng::new(wire::u64_arg(config, "seed").ok()?);
    let mut net = Mlp::random(&[x.ncols(), hidden, classes], &mut rng);
    let mut best = (net.clone(), 0, f64::INFINITY);
    let (mut losses, mut accuracies) = (Vec::new(), Vec::new());
    let mut order: Vec<usize> = (0..n_train).collect();
    for epoch in 0..max_epochs {
        rng.shuffle(&mut order);
        for batch in order.chunks(batch_size.max(1)) {
            let x_batch = x.select(Axis(0), batch);
            let y_batch = y.select(Axis(0), batch);
            net = sgd(&net, &x_batch, &y_batch, eta, SgdMistake::None)?.0;
        }
        let z = forward(&net, &x_val)?.pop()?;
        let loss = cross_entropy(&z, &y_val, CeMistake::None)?.0;
        let acc_input = json!({"scores": wire::array2(&z), "labels": &labels[n_train..]});
        losses.push(loss);
        accuracies.push(accuracy_with(&acc_input, false)?);
        if epoch == 0 || loss < best.2 {
            best = (net.clone(), epoch, loss);
        }
        if epoch - best.1 == patience {
            break;
        }
    }
    Some(json!({
        "net": wire::mlp(&best.0),
        "best_epoch": best.1,
        "val_losses": wire::nums(&losses),
        "val_accuracies": wire::nums(&accuracies),
    }))
}

/// The smallest patience of the generated cases, and the one from which
/// the property also asks that the network learned.
const LEARNING_PATIENCE: usize = 3;

/// What `train` promises, checked on the answer alone: see the catalog.
fn train_property(input: &Value, output: &Value) -> Result<(), String> {
    let internal = |e: String| format!("el corrector no pudo leer el caso: {e}");
    let x = matrix_arg(input, "x").map_err(internal)?;
    let labels = labels_arg(input).ok_or("el corrector no pudo leer las etiquetas del caso")?;
    let config = wire::field(input, "config").map_err(internal)?;
    let get = |key: &str| usize_arg(config, key).map_err(internal);
    let (hidden, classes) = (get("hidden")?, get("classes")?);
    let (max_epochs, patience, validation) =
        (get("max_epochs")?, get("patience")?, get("validation")?);
    let seed = wire::u64_arg(config, "seed").map_err(internal)?;
    let render = crate::judge::render_float;

    let net = output
        .get("net")
        .and_then(|n| as_mlp(n).ok())
        .ok_or("la respuesta no tiene una red `net` legible")?;
    let sizes = Mlp::new(net.weights.clone(), net.biases.clone())
        .map_err(|e| format!("las capas de la red no encajan: {e}"))?
        .layer_sizes();
    let want_sizes = [x.ncols(), hidden, classes];
    if sizes != want_sizes {
        return Err(format!(
            "la red tiene capas {sizes:?} y tenía que ser {want_sizes:?}: creala con Mlp::random(&[d, hidden, classes], &mut rng)"
        ));
    }
    let list = |key: &str| {
        output
            .get(key)
            .and_then(|l| wire::as_vec(l).ok())
            .ok_or(format!("la respuesta no tiene una lista `{key}` legible"))
    };
    let losses = list("val_losses")?;
    let accuracies = list("val_accuracies")?;
    let best = output
        .get("best_epoch")
        .and_then(Value::as_u64)
        .ok_or("la respuesta no tiene un `best_epoch` legible")? as usize;
    let epochs = losses.len();
    if epochs == 0 || epochs > max_epochs || accuracies.len() != epochs {
        return Err(format!(
            "`val_losses` tiene {epochs} valores y `val_accuracies` {}: tiene que haber uno de cada uno por época entrenada, entre 1 y max_epochs = {max_epochs}",
            accuracies.len()
        ));
    }
    if let Some(k) = losses
        .iter()
        .chain(&accuracies)
        .position(|v| !v.is_finite())
    {
        return Err(format!(
            "el valor {k} de val_losses/val_accuracies no es un número finito: ¿un ln(0), o pesos que divergen?"
        ));
    }
    let first_min = losses
        .iter()
        .enumerate()
        .fold(
            (0, f64::INFINITY),
            |b, (k, &l)| if l < b.1 { (k, l) } else { b },
        )
        .0;
    if best != first_min {
        return Err(format!(
            "best_epoch = {best}, pero la menor pérdida de validación es la de la época {first_min} ({}); con empates vale la primera",
            render(losses[first_min])
        ));
    }
    let last = epochs - 1;
    if last - best > patience {
        return Err(format!(
            "siguió entrenando {} épocas sin mejorar, y con patience = {patience} tenía que parar en la época {}",
            last - best,
            best + patience
        ));
    }
    if epochs < max_epochs && last - best < patience {
        return Err(format!(
            "paró en la época {last}, a {} épocas de la mejor ({best}): tenía que seguir hasta {} épocas sin mejorar (patience) o hasta max_epochs = {max_epochs}",
            last - best,
            patience
        ));
    }

    let n_train = x.nrows() - validation;
    let x_val = x.slice(ndarray::s![n_train.., ..]).to_owned();
    let y_val =
        one_hot(&labels[n_train..], classes, 0).ok_or("el caso tiene etiquetas fuera de rango")?;
    let z = forward(&net, &x_val)
        .and_then(|mut a| a.pop())
        .ok_or("la red no se puede evaluar")?;
    let loss = cross_entropy(&z, &y_val, CeMistake::None)
        .ok_or("la red no se puede evaluar")?
        .0;
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 + 1e-9 * b.abs();
    if !close(losses[best], loss) {
        return Err(format!(
            "la red devuelta tiene pérdida de validación {} y la de la mejor época es {}: devolvé la red de la mejor época (una copia guardada entonces), no la última; la validación son las últimas {validation} filas",
            render(loss),
            render(losses[best])
        ));
    }
    let acc_input = json!({"scores": wire::array2(&z), "labels": &labels[n_train..]});
    let acc = accuracy_with(&acc_input, false).ok_or("la red no se puede evaluar")?;
    if !close(accuracies[best], acc) {
        return Err(format!(
            "val_accuracies[{best}] = {} pero la exactitud de validación de la red devuelta es {}",
            render(accuracies[best]),
            render(acc)
        ));
    }
    // Whether the network learned is judged only when the training had
    // room to: with a patience of at least 3 a correct training separates
    // these clouds every time (thousands of generated cases), while with
    // patience 0 it stops after one epoch, wherever that left it.
    if patience < LEARNING_PATIENCE {
        return Ok(());
    }
    let initial = Mlp::random(&want_sizes, &mut Rng::new(seed));
    let z0 = forward(&initial, &x_val)
        .and_then(|mut a| a.pop())
        .ok_or("la red no se puede evaluar")?;
    let loss0 = cross_entropy(&z0, &y_val, CeMistake::None)
        .ok_or("la red no se puede evaluar")?
        .0;
    if loss >= loss0 {
        return Err(format!(
            "la red no aprendió: su pérdida de validación ({}) no es menor que la de la red inicial ({}); revisá el signo del paso y el gradiente",
            render(loss),
            render(loss0)
        ));
    }
    if acc < 0.75 {
        return Err(format!(
            "la red aprendió poco: su exactitud de validación es {}, y una red entrenada como pide el ejercicio llega al menos a 0.75 en estos casos (nubes de puntos separadas, con una etiqueta de cada doce cambiada a propósito): revisá que cada época dé un paso por cada mini-lote de las filas de entrenamiento",
            render(acc)
        ));
    }
    Ok(())
}

#[cfg(all(test, feature = "reference"))]
mod tests {
    use super::super::step::{
        SgdMistake, cross_entropy_case, cross_entropy_with, sgd_case, sgd_with,
    };
    use super::super::*;
    use super::*;

    fn reference(input: &Value) -> Value {
        crate::reference::call("capstone", "train", input).expect("reference")
    }

    #[test]
    fn the_train_property_accepts_the_reference_on_many_seeds() {
        // The grader must never fail the reference: before the cases were
        // drawn this way, about 1 generated case in 150 did.
        let mut rng = Rng::new(7);
        for _ in 0..100 {
            let input = train_case(&mut rng);
            assert_eq!(
                train_property(&input, &reference(&input)),
                Ok(()),
                "{input}"
            );
            let mut hasty = input.clone();
            hasty["config"]["patience"] = json!(0);
            assert_eq!(
                train_property(&hasty, &reference(&hasty)),
                Ok(()),
                "{hasty}"
            );
        }
    }

    #[test]
    fn a_case_a_correct_training_learns_poorly_is_drawn_again() {
        // Seed 127's first draw is such a case (found by searching seeds):
        // the reference itself reaches only 0.733 there.
        let drawn = draw_train_case(&mut Rng::new(127));
        let why = train_property(&drawn, &reference(&drawn)).unwrap_err();
        assert!(why.contains("aprendió poco"), "{why}");
        let kept = train_case(&mut Rng::new(127));
        assert_ne!(kept, drawn);
        assert_eq!(train_property(&kept, &reference(&kept)), Ok(()));
    }

    #[test]
    fn the_grader_training_is_the_reference() {
        let mut rng = Rng::new(9);
        for _ in 0..20 {
            let input = draw_train_case(&mut rng);
            let want = reference(&input);
            let got = train_copy(&input).unwrap();
            assert_eq!(got["best_epoch"], want["best_epoch"], "{input}");
            for key in ["val_losses", "val_accuracies"] {
                let (got, want) = (
                    wire::as_vec(&got[key]).unwrap(),
                    wire::as_vec(&want[key]).unwrap(),
                );
                assert_eq!(got.len(), want.len(), "{key} {input}");
                for (g, w) in got.iter().zip(&want) {
                    assert!(
                        (g - w).abs() <= 1e-9 * (1.0 + w.abs()),
                        "{key}: {g} ≠ {w} {input}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_train_property_rejects_wrong_training() {
        // A case where early stopping ends the training well before
        // max_epochs, so that every wrong history below is wrong.
        let mut rng = Rng::new(3);
        let (input, good) = std::iter::repeat_with(|| {
            let input = train_case(&mut rng);
            let good = reference(&input);
            (input, good)
        })
        .find(|(_, good)| good["val_losses"].as_array().unwrap().len() + 10 <= 40)
        .unwrap();
        let why = |out: &Value| train_property(&input, out).unwrap_err();

        // The last network instead of the best one (one more step away).
        let mut last = good.clone();
        let mut net = as_mlp(&good["net"]).unwrap();
        net.biases[1][0] += 0.3;
        last["net"] = wire::mlp(&net);
        assert!(why(&last).contains("mejor época"), "{}", why(&last));

        // best_epoch not the first minimum.
        let mut off = good.clone();
        off["best_epoch"] = json!(good["best_epoch"].as_u64().unwrap() + 1);
        assert!(why(&off).contains("menor pérdida"), "{}", why(&off));

        // Never stops: more epochs without improvement than the patience.
        let mut long = good.clone();
        let losses = long["val_losses"].as_array_mut().unwrap();
        let extra = vec![json!(1e9); 10];
        losses.extend(extra.clone());
        long["val_accuracies"].as_array_mut().unwrap().extend(extra);
        let patience = input["config"]["patience"].as_u64().unwrap() as usize;
        assert!(why(&long).contains("sin mejorar"), "{}", why(&long));

        // Stops too early: cut the history right after the best epoch.
        let best = good["best_epoch"].as_u64().unwrap() as usize;
        let mut early = good.clone();
        early["val_losses"]
            .as_array_mut()
            .unwrap()
            .truncate(best + 1);
        early["val_accuracies"]
            .as_array_mut()
            .unwrap()
            .truncate(best + 1);
        assert!(why(&early).contains("tenía que seguir"), "{}", why(&early));

        // The initial network, never trained.
        let sizes = as_mlp(&good["net"]).unwrap().layer_sizes();
        let seed = input["config"]["seed"].as_u64().unwrap();
        let initial = Mlp::random(&sizes, &mut Rng::new(seed));
        let n = input["x"].as_array().unwrap().len();
        let validation = input["config"]["validation"].as_u64().unwrap() as usize;
        let x = matrix_arg(&input, "x").unwrap();
        let labels = labels_arg(&input).unwrap();
        let classes = sizes[2];
        let x_val = x.slice(ndarray::s![n - validation.., ..]).to_owned();
        let z0 = forward(&initial, &x_val).unwrap().pop().unwrap();
        let y_val = one_hot(&labels[n - validation..], classes, 0).unwrap();
        let loss0 = cross_entropy(&z0, &y_val, CeMistake::None).unwrap().0;
        let acc_input = json!({"scores": wire::array2(&z0), "labels": &labels[n - validation..]});
        let acc0 = accuracy_with(&acc_input, false).unwrap();
        let untrained = json!({
            "net": wire::mlp(&initial),
            "best_epoch": 0,
            "val_losses": vec![loss0; patience + 1],
            "val_accuracies": vec![acc0; patience + 1],
        });
        assert!(
            why(&untrained).contains("no aprendió"),
            "{}",
            why(&untrained)
        );

        // A wrong shape, and a NaN.
        let mut wide = good.clone();
        let mut net = as_mlp(&good["net"]).unwrap();
        net.weights.pop();
        net.biases.pop();
        wide["net"] = wire::mlp(&net);
        assert!(why(&wide).contains("tenía que ser"), "{}", why(&wide));
        let mut nan = good.clone();
        nan["val_losses"][0] = json!("NaN");
        assert!(
            why(&nan).contains("no es un número finito"),
            "{}",
            why(&nan)
        );
    }

    #[test]
    fn the_grader_copies_agree_with_the_reference() {
        let mut rng = Rng::new(5);
        for k in 0..12 {
            let input = sgd_case(&mut rng, k);
            let want = crate::reference::call("capstone", "sgd_step", &input).unwrap();
            let got = sgd_with(&input, SgdMistake::None).unwrap();
            assert!(
                crate::judge::compare(&want, &got, &tight()).is_ok(),
                "{input}"
            );
            let input = cross_entropy_case(&mut rng, k);
            let want = crate::reference::call("capstone", "softmax_cross_entropy", &input).unwrap();
            let got = cross_entropy_with(&input, CeMistake::None).unwrap();
            assert!(
                crate::judge::compare(&want, &got, &tight()).is_ok(),
                "{input}"
            );
        }
    }

    fn tight() -> crate::judge::Tolerance {
        crate::judge::Tolerance {
            abs: 1e-12,
            rel: 1e-12,
        }
    }
}
