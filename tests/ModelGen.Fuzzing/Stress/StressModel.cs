using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using ModelGen.Cli;
using ModelGen.Cli.Conformance;
using ModelGen.Compiler;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;
using ModelGen.Runtime;

namespace ModelGen.Fuzzing.Stress
{
    /// <summary>One fixed input set: the symbolic dims and each input's bytes, in Info's order.</summary>
    internal sealed class StressInput
    {
        public StressInput(int[] dims, ReadOnlyMemory<byte>[] inputs)
        {
            Dims = dims;
            Inputs = inputs;
        }

        public int[] Dims { get; }
        public ReadOnlyMemory<byte>[] Inputs { get; }
    }

    /// <summary>
    /// A real model compiled in memory (ONNX → C# → Release assembly, as the conformance runner does), a fixed set of
    /// inputs (its test data sets, plus seeded rescaled copies of their float inputs), and a factory for instances.
    /// </summary>
    internal sealed class StressModel
    {
        private readonly System.Reflection.Assembly _assembly;
        private readonly string _typeName;

        private StressModel(string modelPath, System.Reflection.Assembly assembly, string typeName, IReadOnlyList<StressInput> inputs)
        {
            ModelPath = modelPath;
            _assembly = assembly;
            _typeName = typeName;
            Inputs = inputs;
        }

        public string ModelPath { get; }
        public IReadOnlyList<StressInput> Inputs { get; }

        /// <summary>A new instance over the model file's weights (each has its own arena).</summary>
        public ICompiledModel NewInstance() => InMemoryBatch.Load(_assembly, _typeName, ModelPath);

        /// <param name="modelDir">A folder with model.onnx and test_data_set_N/input_M.pb.</param>
        /// <param name="inputCount">How many input sets: the data sets first, then rescaled copies.</param>
        public static StressModel Load(string modelDir, int inputCount, int seed)
        {
            string path = Path.Combine(modelDir, "model.onnx");
            var result = ModelCompiler.Compile(File.ReadAllBytes(path), new CompileOptions("StressModel", "Stress", path, "ModelGen.model.onnx", new Dictionary<string, long>()));
            if (!result.Success) throw new InvalidOperationException(path + " does not compile: " + string.Join("; ", result.Problems));
            var batch = InMemoryBatch.Compile(new[] { new BatchUnit("S", result.Sources) }, "Stress");
            if (batch.Assembly == null) throw new InvalidOperationException("the generated C# does not compile: " + string.Join("; ", batch.Errors.Values));
            var model = new StressModel(path, batch.Assembly, "Stress.StressModel", Array.Empty<StressInput>());
            var info = model.NewInstance().Info;

            var sets = Directory.GetDirectories(modelDir, "test_data_set_*").OrderBy(d => d, StringComparer.Ordinal)
                .Select(d => Enumerable.Range(0, info.Inputs.Count).Select(i => TensorFile.Read(File.ReadAllBytes(Path.Combine(d, "input_" + i + ".pb")))).ToList())
                .ToList();
            if (sets.Count == 0) throw new InvalidOperationException("no test_data_set_* under " + modelDir);
            var random = new Random(seed);
            var inputs = new List<StressInput>();
            for (int k = 0; k < Math.Max(inputCount, 1); k++)
            {
                var set = sets[k % sets.Count];
                // Past the data sets: the same tensors, float elements scaled by a seeded factor in [0.5, 1.5).
                float scale = k < sets.Count ? 1f : (float)(0.5 + random.NextDouble());
                var errors = new List<string>();
                var symbols = DimBinder.Bind(info, set, errors);
                if (errors.Count > 0) throw new InvalidOperationException("the test data do not fit the model: " + string.Join("; ", errors));
                int[] dims = info.SymbolicDims.Select(d => checked((int)symbols[d])).ToArray();
                inputs.Add(new StressInput(dims, set.Select(t => new ReadOnlyMemory<byte>(Scaled(t, scale))).ToArray()));
            }
            return new StressModel(path, batch.Assembly, "Stress.StressModel", inputs);
        }

        private static byte[] Scaled(TensorFileData t, float scale)
        {
            var bytes = (byte[])t.Raw.Clone();
            if (t.Type != ElementType.Float || scale == 1f) return bytes;
            var floats = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.AsSpan());
            for (int i = 0; i < floats.Length; i++) floats[i] *= scale;
            return bytes;
        }

        /// <summary>Each input's outputs from one serial run on a fresh instance: the answers every concurrent call must match bit for bit.</summary>
        public byte[][][] SerialAnswers()
        {
            var instance = NewInstance();
            return Inputs.Select(x => instance.Run(x.Dims, x.Inputs).Select(b => b.Bytes).ToArray()).ToArray();
        }

        /// <summary>SHA-256 of every answer's bytes in order: compares runs in different processes.</summary>
        public static string Digest(byte[][][] answers)
        {
            using var sha = SHA256.Create();
            foreach (var outputs in answers)
                foreach (var bytes in outputs) sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
            sha.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
            return Convert.ToHexString(sha.Hash!);
        }
    }
}
