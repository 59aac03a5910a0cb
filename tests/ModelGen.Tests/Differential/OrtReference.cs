using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;
using OrtElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;

namespace ModelGen.Tests.Differential
{
    /// <summary>What ONNX Runtime made of a case: outputs, or the reason it has no CPU kernel for it.</summary>
    internal sealed class OrtOutcome
    {
        private OrtOutcome(IReadOnlyList<TensorFileData>? outputs, string? noKernel)
        {
            Outputs = outputs;
            NoKernel = noKernel;
        }

        public IReadOnlyList<TensorFileData>? Outputs { get; }

        /// <summary>ORT's message when its CPU provider implements the op for no such type (the case is skipped, not failed).</summary>
        public string? NoKernel { get; }

        public static OrtOutcome Ran(IReadOnlyList<TensorFileData> outputs) => new OrtOutcome(outputs, null);

        public static OrtOutcome Unimplemented(string message) => new OrtOutcome(null, message);
    }

    /// <summary>
    /// Runs a model with ONNX Runtime's CPU provider in this process: one thread, graph optimisations off, so the
    /// reference is ORT's plain kernels rather than its fusions.
    /// </summary>
    internal static class OrtReference
    {
        /// <summary>
        /// ORT's own statements that it does not implement something ONNX defines: an op or revision its schema registry
        /// lacks, an opset it does not take yet, or a type or attribute value its CPU kernel turns down (at load or at run).
        /// </summary>
        private static readonly string[] s_unsupported =
        {
            "No Op registered for", "is under development", "does not support", "are not supported", "data type is not supported",
        };

        private static bool Unsupported(string message) => s_unsupported.Any(s => message.Contains(s, StringComparison.Ordinal));

        public static OrtOutcome Run(byte[] model, IReadOnlyList<DiffTensor> inputs)
        {
            using var options = new SessionOptions
            {
                IntraOpNumThreads = 1,
                InterOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL,
            };
            InferenceSession session;
            try
            {
                session = new InferenceSession(model, options);
            }
            catch (OnnxRuntimeException e) when (e.Message.Contains("Could not find an implementation", StringComparison.Ordinal))
            {
                return OrtOutcome.Unimplemented(e.Message);
            }
            catch (OnnxRuntimeException e) when (Unsupported(e.Message))
            {
                // ORT's schema registry lacks the op at this opset (a newer revision than ORT 1.31 knows): its gap, not a case to judge.
                return OrtOutcome.Unimplemented(e.Message);
            }
            using (session)
            {
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
                    IDisposableReadOnlyCollection<OrtValue> results;
                    try
                    {
                        results = session.Run(runOptions, inputs.Select(t => t.Name).ToList(), values, names);
                    }
                    catch (OnnxRuntimeException e) when (Unsupported(e.Message))
                    {
                        return OrtOutcome.Unimplemented(e.Message);
                    }
                    using var owned = results;
                    var outputs = new List<TensorFileData>();
                    for (int i = 0; i < results.Count; i++)
                    {
                        var shape = results[i].GetTensorTypeAndShape();
                        outputs.Add(new TensorFileData(names[i], (ElementType)(int)shape.ElementDataType, shape.Shape, results[i].GetTensorMutableRawData().ToArray()));
                    }
                    return OrtOutcome.Ran(outputs);
                }
                finally
                {
                    foreach (var v in values) v.Dispose();
                }
            }
        }
    }
}
