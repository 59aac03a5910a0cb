namespace ModelGen.ModelFactory
{
    /// <summary>Seeded inputs for the encoder: batch 1, token ids below the vocabulary, a mask whose last quarter is padding (0).</summary>
    internal static class BertInputs
    {
        public static RawTensor[] Make(BertOptions o, int batch = 1)
        {
            var w = new Weights(o.Seed + 1000);
            var ids = w.Integers(batch * o.Seq, o.Vocab);
            var mask = new long[batch * o.Seq];
            int valid = o.Seq - o.Seq / 4;
            for (int b = 0; b < batch; b++)
                for (int s = 0; s < o.Seq; s++) mask[b * o.Seq + s] = s < valid ? 1 : 0;
            long[] dims = { batch, o.Seq };
            return new[]
            {
                new RawTensor("input_ids", Compiler.Ir.ElementType.Int64, dims, OrtRun.Bytes(ids)),
                new RawTensor("attention_mask", Compiler.Ir.ElementType.Int64, dims, OrtRun.Bytes(mask)),
            };
        }
    }
}
