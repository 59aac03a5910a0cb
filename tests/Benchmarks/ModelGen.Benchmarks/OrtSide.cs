using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;
using OrtElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;

namespace ModelGen.Benchmarks
{
    /// <summary>
    /// ONNX Runtime for .NET on the same bytes and input values: a session with its default graph optimisations
    /// (ORT_ENABLE_ALL), IntraOpNumThreads = the row's threads, one inter-op thread, sequential execution. Inputs are
    /// OrtValues made once; after the first run the outputs are preallocated OrtValues of the shapes it gave, so a
    /// timed run is <c>Run(runOptions, names, inputs, names, outputs)</c>, which allocates no tensors.
    /// </summary>
    internal sealed class OrtSide : IDisposable
    {
        private readonly InferenceSession _session;
        private readonly RunOptions _runOptions = new RunOptions();
        private readonly string[] _inputNames;
        private readonly OrtValue[] _inputs;
        private readonly string[] _outputNames;
        private OrtValue[]? _outputs;

        public OrtSide(byte[] model, IReadOnlyList<string> inputNames, IReadOnlyList<TensorFileData> inputs, int threads, bool spin = true)
        {
            _session = CreateSession(model, threads, spin);
            _inputNames = inputNames.ToArray();
            _inputs = CreateInputs(inputs);
            _outputNames = _session.OutputNames.ToArray();
        }

        /// <summary>
        /// The session options of every ORT figure in the report. <paramref name="spin"/> false sets
        /// session.intra_op.allow_spinning = 0: by default ORT's idle workers spin a while after a run, which is faster for
        /// ORT but on a machine with few cores can take time from the ModelGen sample that follows.
        /// </summary>
        public static SessionOptions Options(int threads, bool spin = true)
        {
            var o = new SessionOptions
            {
                IntraOpNumThreads = threads,
                InterOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
                // super-resolution-10 and ultraface list their initializers as graph inputs too, and ORT warns about it at every session.
                LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            };
            if (!spin) o.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            return o;
        }

        public static InferenceSession CreateSession(byte[] model, int threads, bool spin = true)
        {
            using var options = Options(threads, spin);
            return new InferenceSession(model, options);
        }

        /// <summary>The inputs as OrtValues owned by the caller, values copied in.</summary>
        public static OrtValue[] CreateInputs(IReadOnlyList<TensorFileData> inputs)
        {
            var values = new OrtValue[inputs.Count];
            for (int i = 0; i < values.Length; i++)
            {
                var t = inputs[i];
                values[i] = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, (OrtElementType)(int)t.Type, t.Dims);
                t.Raw.AsSpan().CopyTo(values[i].GetTensorMutableRawData());
            }
            return values;
        }

        /// <summary>
        /// A run whose outputs ORT allocates: the reference values the agreement check compares with. The first call
        /// also preallocates the outputs that <see cref="RunOnce"/> writes into.
        /// </summary>
        public IReadOnlyList<TensorFileData> RunAndRead()
        {
            using var results = _session.Run(_runOptions, _inputNames, _inputs, _outputNames);
            var outputs = new List<TensorFileData>();
            for (int i = 0; i < results.Count; i++)
            {
                var shape = results[i].GetTensorTypeAndShape();
                outputs.Add(new TensorFileData(_outputNames[i], (ElementType)(int)shape.ElementDataType, shape.Shape, results[i].GetTensorMutableRawData().ToArray()));
            }
            _outputs ??= outputs.Select(o => OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, (OrtElementType)(int)o.Type, o.Dims)).ToArray();
            return outputs;
        }

        /// <summary>One timed run into the preallocated outputs (call <see cref="RunAndRead"/> once first).</summary>
        public void RunOnce() =>
            _session.Run(_runOptions, _inputNames, _inputs, _outputNames, _outputs ?? throw new InvalidOperationException("RunAndRead first."));

        public void Dispose()
        {
            foreach (var v in _inputs) v.Dispose();
            if (_outputs != null) foreach (var v in _outputs) v.Dispose();
            _runOptions.Dispose();
            _session.Dispose();
        }
    }
}
