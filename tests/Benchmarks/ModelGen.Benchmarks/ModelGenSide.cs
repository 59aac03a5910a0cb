using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using ModelGen.Cli;
using ModelGen.Compiler;
using ModelGen.Compiler.Emit;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;
using ModelGen.Runtime;

namespace ModelGen.Benchmarks
{
    /// <summary>
    /// A model compiled by ModelGen and loaded, the CLI's way (ModelCompiler → generated C# → InMemoryCompiler, Release):
    /// the generated class, from which instances are made over the model's bytes.
    /// </summary>
    internal sealed class ModelGenClass
    {
        private const string Namespace = "ModelGen.Benchmarks.Generated";

        private readonly ConstructorInfo _constructor;
        private readonly byte[] _bytes;

        private ModelGenClass(ConstructorInfo constructor, byte[] bytes, TimeSpan compileTime)
        {
            _constructor = constructor;
            _bytes = bytes;
            CompileTime = compileTime;
        }

        /// <summary>ONNX → C# → loaded assembly, both steps together (what a user's build does once).</summary>
        public TimeSpan CompileTime { get; }

        /// <summary>Compiles <paramref name="model"/>; throws <see cref="BenchmarkException"/> when ModelGen or Roslyn rejects it.</summary>
        public static ModelGenClass Compile(BenchModel model)
        {
            var clock = Stopwatch.StartNew();
            string className = Identifiers.Pascal(model.Name);
            // The symbolic dims stay symbolic (no --dims): what a user who adds the .onnx file without metadata gets.
            var options = new CompileOptions(className, Namespace, model.Name + ".onnx", "ModelGen." + model.Name + ".onnx", new Dictionary<string, long>());
            var compiled = ModelCompiler.Compile(model.Bytes, options);
            if (!compiled.Success)
                throw new BenchmarkException(model.Name + " does not compile with ModelGen: " + string.Join("; ", compiled.Problems.Select(p => p.ToString())));
            var assembly = InMemoryCompiler.Compile(compiled.Sources, "ModelGen.Benchmarks.InMemory." + className + "." + Guid.NewGuid().ToString("N"));
            if (assembly.Assembly == null)
                throw new BenchmarkException(model.Name + ": the generated C# does not compile: " + string.Join("; ", assembly.Errors.Select(e => e.ToString())));
            var type = assembly.Assembly.GetType(Namespace + "." + className)
                       ?? throw new BenchmarkException(model.Name + ": the generated assembly has no class " + className + ".");
            var constructor = type.GetConstructor(new[] { typeof(ModelWeights) })
                              ?? throw new BenchmarkException(model.Name + ": " + className + " has no constructor taking ModelWeights.");
            return new ModelGenClass(constructor, model.Bytes, clock.Elapsed);
        }

        /// <summary>
        /// A new instance over a fresh copy of the model's bytes (ModelWeights.FromBytes: one copy into pinned memory and
        /// the content-hash check; a user's build embeds the file and maps it without a copy). Derived weights are made here.
        /// </summary>
        public ICompiledModel NewInstance(int threads)
        {
            object instance;
            try
            {
                instance = _constructor.Invoke(new object[] { ModelWeights.FromBytes(_bytes) });
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                throw new BenchmarkException("the generated constructor threw: " + e.InnerException);
            }
            var model = (ICompiledModel)instance;
            if (model is IThreadedModel threaded) threaded.MaxThreads = threads;
            else if (threads != 1) throw new BenchmarkException("the generated class has no thread budget (IThreadedModel).");
            return model;
        }
    }

    /// <summary>
    /// One ModelGen instance with its inputs and outputs bound once, as a user keeps them: a run is the non-allocating
    /// <c>Run(dims, inputs, outputs)</c> when every output size is known before the run, else the allocating overload.
    /// </summary>
    internal sealed class ModelGenBinding
    {
        private readonly ICompiledModel _model;
        private readonly int[] _dims;
        private readonly ReadOnlyMemory<byte>[] _inputs;
        private readonly Memory<byte>[] _outputs;
        private readonly long[][] _outputDims;

        public ModelGenBinding(ICompiledModel model, IReadOnlyList<TensorFileData> inputs)
        {
            _model = model;
            var info = model.Info;
            if (inputs.Count != info.Inputs.Count)
                throw new BenchmarkException("the model takes " + info.Inputs.Count + " inputs, the benchmark has " + inputs.Count + ".");
            var errors = new List<string>();
            var symbols = DimBinder.Bind(info, inputs, errors);
            if (errors.Count > 0) throw new BenchmarkException("the inputs do not fit the model: " + string.Join("; ", errors));
            _dims = info.SymbolicDims.Select(d => checked((int)symbols[d])).ToArray();
            _inputs = inputs.Select(t => new ReadOnlyMemory<byte>(t.Raw)).ToArray();
            _outputs = new Memory<byte>[info.Outputs.Count];
            _outputDims = new long[info.Outputs.Count][];
            for (int i = 0; i < _outputs.Length; i++)
            {
                var o = info.Outputs[i];
                if (o.Dims.Any(d => d.Contains('$', StringComparison.Ordinal))) { HasRuntimeOutputs = true; continue; }
                _outputDims[i] = o.Resolve(symbols);
                _outputs[i] = new byte[checked((int)(_outputDims[i].Aggregate(1L, (a, b) => a * b) * ElementTypes.SizeOf((ElementType)(int)o.ElementType)))];
            }
        }

        /// <summary>The graph's input names in order, for ONNX Runtime's side.</summary>
        public IReadOnlyList<string> InputNames => _model.Info.Inputs.Select(i => i.Name).ToArray();

        /// <summary>Some output is sized while the model runs, so each run allocates its outputs (said in the report).</summary>
        public bool HasRuntimeOutputs { get; }

        public void RunOnce()
        {
            if (HasRuntimeOutputs) _model.Run(_dims, _inputs);
            else _model.Run(_dims, _inputs, _outputs);
        }

        /// <summary>The outputs of a run made now (the allocating overload: the dims of every output come back).</summary>
        public IReadOnlyList<TensorFileData> RunAndRead()
        {
            var results = _model.Run(_dims, _inputs);
            var info = _model.Info;
            return results.Select((r, i) => new TensorFileData(info.Outputs[i].Name, (ElementType)(int)info.Outputs[i].ElementType,
                r.Dims.Select(d => (long)d).ToArray(), r.Bytes.ToArray())).ToArray();
        }
    }
}
