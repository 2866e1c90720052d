// Cortar una lista (mezclada) de índices de ejemplos en mini-lotes.
fn main() {
    let n = 10;
    let batch_size = 4;
    // En el ejercicio primero se mezclan los índices; acá, un orden fijo.
    let order = [7, 2, 9, 4, 0, 5, 1, 8, 3, 6];
    assert_eq!(order.len(), n);

    let batches: Vec<&[usize]> = order.chunks(batch_size).collect();
    println!("{} ejemplos en lotes de {batch_size}: {batches:?}", n);
    println!("{} actualizaciones por época (una por lote)", batches.len());
}
