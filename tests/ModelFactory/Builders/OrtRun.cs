using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using ModelGen.Compiler.Ir;
using OrtElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;

namespace ModelGen.ModelFactory
{
    /// <summary>A tensor as little-endian element bytes.</summary>
    internal sealed record RawTensor(string Name, ElementType Type, long[] Dims, byte[] Raw);

    /// <summary>Runs a model with ONNX Runtime's CPU provider in this process (one thread, graph optimisations off).</summary>
    internal static class OrtRun
    {
        public static IReadOnlyList<RawTensor> Run(byte[] model, IReadOnlyList<RawTensor> inputs)
        {
            using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
            using var session = new InferenceSession(model, options);
            var values = new List<OrtValue>();
            try
            {
                foreach (var t in inputs)
                {
                    var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, (OrtElementType)(int)t.Type, t.Dims);
                    values.Add(value);
                    t.Raw.AsSpan().CopyTo(value.GetTensorMutableRawData());
                }
                var names = session.OutputNames.ToList();
                using var runOptions = new RunOptions();
                using var results = session.Run(runOptions, inputs.Select(t => t.Name).ToList(), values, names);
                var outputs = new List<RawTensor>();
                for (int i = 0; i < results.Count; i++)
                {
                    var shape = results[i].GetTensorTypeAndShape();
                    outputs.Add(new RawTensor(names[i], (ElementType)(int)shape.ElementDataType, shape.Shape, results[i].GetTensorMutableRawData().ToArray()));
                }
                return outputs;
            }
            finally
            {
                foreach (var v in values) v.Dispose();
            }
        }

        public static byte[] Bytes(float[] values)
        {
            var raw = new byte[values.Length * 4];
            Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
            return raw;
        }

        public static byte[] Bytes(long[] values)
        {
            var raw = new byte[values.Length * 8];
            Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
            return raw;
        }
    }
}
