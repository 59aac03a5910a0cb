using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace ModelGen.Fuzzing.Generation
{
    /// <summary>One float tensor as ONNX Runtime computed it.</summary>
    internal sealed class OrtTensor
    {
        public OrtTensor(long[] dims, float[] values)
        {
            Dims = dims;
            Values = values;
        }

        public long[] Dims { get; }
        public float[] Values { get; }

        public double MaxAbs => Values.Length == 0 ? 0 : Values.Max(v => float.IsFinite(v) ? Math.Abs((double)v) : 0);
    }

    /// <summary>
    /// Runs a graph's probe model (every float tensor an output) with ONNX Runtime's CPU provider in this process:
    /// one thread, graph optimisations off, so the reference is ORT's plain kernels rather than its fusions. The
    /// intermediate values give each output's tolerance its scale.
    /// </summary>
    internal static class OrtProbe
    {
        /// <summary>Tensor name → ORT's values; throws OnnxRuntimeException when ORT refuses the model.</summary>
        public static Dictionary<string, OrtTensor> Run(GenGraph graph) =>
            Run(graph.ToProbeBytes(), graph.Inputs.Select((t, i) => (t.Name, t.Dims.Select(d => (long)d).ToArray(), graph.InputValues[i])).ToList());

        /// <summary>Runs any float model on the given inputs; every output must be float.</summary>
        public static Dictionary<string, OrtTensor> Run(byte[] model, IReadOnlyList<(string Name, long[] Dims, float[] Values)> inputs)
        {
            using var options = new SessionOptions
            {
                IntraOpNumThreads = 1,
                InterOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL,
                LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            };
            using var session = new InferenceSession(model, options);
            var values = new List<OrtValue>();
            try
            {
                foreach (var input in inputs) values.Add(OrtValue.CreateTensorValueFromMemory(input.Values.ToArray(), input.Dims));
                var names = session.OutputNames.ToList();
                using var runOptions = new RunOptions();
                using var results = session.Run(runOptions, inputs.Select(t => t.Name).ToList(), values, names);
                var outputs = new Dictionary<string, OrtTensor>(StringComparer.Ordinal);
                for (int i = 0; i < results.Count; i++)
                {
                    var shape = results[i].GetTensorTypeAndShape();
                    outputs[names[i]] = new OrtTensor(shape.Shape, MemoryMarshal.Cast<byte, float>(results[i].GetTensorMutableRawData()).ToArray());
                }
                return outputs;
            }
            finally
            {
                foreach (var v in values) v.Dispose();
            }
        }
    }
}
