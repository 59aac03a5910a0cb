using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using ModelGen.Compiler;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;
using ModelGen.Runtime;

namespace ModelGen.Cli.Commands
{
    /// <summary><c>modelgen run model.onnx --data dir</c>: compiles in memory, runs on ONNX test data, compares.</summary>
    internal static class RunCommand
    {
        private const string Namespace = "ModelGen.Cli.Generated";

        private sealed class Settings
        {
            public string ModelPath = "";
            public string DataDir = "";
            public double RTol;
            public double ATol;
            public string? WriteOutputs;
            public string? Dims;
            public bool NoOptimize;
        }

        public static Command Create(CliIO io)
        {
            var model = ModelSource.ModelArgument();
            var data = new Option<string?>("--data", "-d")
            {
                Description = "Folder holding input_0.pb, input_1.pb, ... and optionally output_0.pb, ... (ONNX test data) [default: test_data_set_0 beside the model].",
                HelpName = "dir",
            };
            var rtol = new Option<double>("--rtol") { Description = "Relative tolerance.", DefaultValueFactory = _ => 1e-3 };
            var atol = new Option<double>("--atol") { Description = "Absolute tolerance: an element passes when |actual-expected| <= atol + rtol*|expected| (NaN matches only NaN).", DefaultValueFactory = _ => 1e-5 };
            var write = new Option<string?>("--write-outputs") { Description = "Also write the outputs as output_0.pb, ... into this folder.", HelpName = "dir" };
            var dims = ModelSource.DimsOption();
            var noOptimize = ModelSource.NoOptimizeOption();
            var command = new Command("run",
                "Compiles the model in memory (C# with Roslyn, Release), loads its weights, runs it once on input_N.pb files and\n" +
                "compares each output with output_N.pb where present. Symbolic dims are bound from the inputs' dims.\n" +
                "Exit 0 when every output is within tolerance (or none is expected), 1 when not, 2 when the model does not\n" +
                "compile, 3 on any other failure (bad test data, generated C# that does not compile).")
            {
                model,
                data,
                rtol,
                atol,
                write,
                dims,
                noOptimize,
            };
            command.SetAction(parse => io.Guard(() => Execute(io, new Settings
            {
                ModelPath = parse.GetValue(model)!,
                DataDir = parse.GetValue(data) ?? "",
                RTol = parse.GetValue(rtol),
                ATol = parse.GetValue(atol),
                WriteOutputs = parse.GetValue(write),
                Dims = parse.GetValue(dims),
                NoOptimize = parse.GetValue(noOptimize),
            })));
            return command;
        }

        /// <summary>A model compiled, loaded and fed with its test inputs, ready to run: shared by run and bench.</summary>
        internal sealed class Prepared
        {
            public ICompiledModel Instance = null!;
            public ModelInfo Info = null!;
            public string DataDir = "";
            public int[] DimValues = Array.Empty<int>();
            public ReadOnlyMemory<byte>[] Inputs = Array.Empty<ReadOnlyMemory<byte>>();
            public Memory<byte>[] Outputs = Array.Empty<Memory<byte>>();
            public long[][] OutputDims = Array.Empty<long[]>();

            /// <summary>True when some output is sized while the model runs: only the allocating Run can take it.</summary>
            public bool HasRuntimeOutputs => OutputDims.Any(d => d == null);

            /// <summary>One run: the non-allocating overload when every output size is known up front.</summary>
            public void RunOnce()
            {
                if (HasRuntimeOutputs) Instance.Run(DimValues, Inputs);
                else Instance.Run(DimValues, Inputs, Outputs);
            }
        }

        /// <summary>Steps 1-5: compile, load, read inputs, bind dims, allocate outputs. Returns null after printing problems when the model does not compile.</summary>
        internal static Prepared? Prepare(CliIO io, string modelPath, string dataDirOption, string? dimsText, bool optimize = true)
        {
            var s = new Settings { ModelPath = modelPath, DataDir = dataDirOption, Dims = dimsText, NoOptimize = !optimize };
            byte[] bytes = ModelSource.ReadModel(s.ModelPath);
            var bindings = ModelSource.ParseDims(s.Dims);
            string dataDir = s.DataDir.Length > 0 ? s.DataDir : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(s.ModelPath))!, "test_data_set_0");
            if (!Directory.Exists(dataDir)) throw new UsageException("data folder '" + dataDir + "' not found" + (s.DataDir.Length == 0 ? "; pass --data <dir>." : "."));

            // 1. ONNX → C#.
            string className = ModelSource.ClassName(s.ModelPath, null);
            var compiled = ModelCompiler.Compile(bytes, ModelSource.Options(s.ModelPath, className, Namespace, bindings).WithOptimize(!s.NoOptimize));
            ModelSource.PrintProblems(compiled.Success ? io.Out : io.Err, compiled.Problems);
            if (!compiled.Success)
            {
                io.Err.WriteLine(Path.GetFileName(s.ModelPath) + ": does not compile: " + ModelSource.Count(compiled.Problems) + ".");
                return null;
            }
            io.Out.WriteLine("model: " + s.ModelPath + CheckCommand.Describe(compiled.Summary) + (s.NoOptimize ? " (optimizer off)" : ""));

            // 2. C# → assembly.
            var assembly = InMemoryCompiler.Compile(compiled.Sources, "ModelGen.Cli.InMemory." + className + "." + Guid.NewGuid().ToString("N"));
            foreach (var w in assembly.Warnings) io.Err.WriteLine("generated code: " + w);
            if (assembly.Assembly == null)
            {
                foreach (var e in assembly.Errors) io.Err.WriteLine("generated code: " + e);
                throw new CliFailureException("the generated C# does not compile (" + ModelSource.Plural(assembly.Errors.Count, "error") +
                                              "): this is a bug in the ModelGen compiler, please report it with the model.");
            }
            io.Out.WriteLine("roslyn: compiled " + ModelSource.Plural(compiled.Sources.Count, "generated file") + " in " + Ms(assembly.Elapsed) +
                             " (Release" + (assembly.Warnings.Count > 0 ? ", " + ModelSource.Plural(assembly.Warnings.Count, "warning") : ", no warnings") + ")");

            // 3. Load the weights.
            var clock = Stopwatch.StartNew();
            ICompiledModel instance = Load(assembly.Assembly, Namespace + "." + className, Path.GetFullPath(s.ModelPath));
            long derived = compiled.Summary?.LoadTimeBytes ?? 0;
            io.Out.WriteLine("load: weights from " + Path.GetFileName(s.ModelPath) +
                             (derived > 0 ? " and " + derived.ToString("N0", CultureInfo.InvariantCulture) + " bytes of derived weights (the load-time stage)" : "") +
                             " in " + Ms(clock.Elapsed) + " (first construction, JIT included)");
            var info = instance.Info;

            // 4. Inputs.
            var inputs = ReadInputs(dataDir, info);
            for (int i = 0; i < inputs.Count; i++)
                io.Out.WriteLine("input " + i + " '" + info.Inputs[i].Name + "' " + info.Inputs[i] + " from input_" + i + ".pb: " + Name(inputs[i].Type) + "[" + string.Join(",", inputs[i].Dims) + "]");
            var errors = new List<string>();
            var symbols = DimBinder.Bind(info, inputs, errors);
            if (errors.Count > 0) throw new CliFailureException("the inputs do not fit the model:" + string.Concat(errors.Select(e => Environment.NewLine + "  " + e)));
            if (info.SymbolicDims.Count > 0)
                io.Out.WriteLine("dims: " + string.Join(", ", info.SymbolicDims.Select(d => d + "=" + symbols[d].ToString(CultureInfo.InvariantCulture))));

            // 5. Outputs, run.
            var outputDims = new long[info.Outputs.Count][];
            var outputs = new Memory<byte>[info.Outputs.Count];
            for (int i = 0; i < outputs.Length; i++)
            {
                var o = info.Outputs[i];
                if (o.Dims.Any(d => d.Contains("$"))) continue; // sized while the model runs: the allocating Run reports it
                try
                {
                    outputDims[i] = o.Resolve(symbols);
                }
                catch (ArgumentException e)
                {
                    throw new CliFailureException("output '" + o.Name + "' " + o + ": " + e.Message);
                }
                long length = outputDims[i].Aggregate(1L, (a, b) => a * b) * SizeOf(o.ElementType);
                if (length > int.MaxValue) throw new CliFailureException("output '" + o.Name + "' would need " + length + " bytes.");
                outputs[i] = new byte[length];
            }
            int[] dimValues = info.SymbolicDims.Select(d => (int)symbols[d]).ToArray();
            ReadOnlyMemory<byte>[] inputBytes = inputs.Select(t => new ReadOnlyMemory<byte>(t.Raw)).ToArray();
            return new Prepared
            {
                Instance = instance, Info = info, DataDir = dataDir, DimValues = dimValues, Inputs = inputBytes, Outputs = outputs, OutputDims = outputDims,
            };
        }

        private static int Execute(CliIO io, Settings s)
        {
            if (!(s.RTol >= 0) || !(s.ATol >= 0) || double.IsInfinity(s.RTol) || double.IsInfinity(s.ATol))
                throw new UsageException("--rtol and --atol must be finite and not negative.");
            var p = Prepare(io, s.ModelPath, s.DataDir, s.Dims, !s.NoOptimize);
            if (p == null) return ExitCodes.CompileProblems;
            var clock = Stopwatch.StartNew();
            var instance = p.Instance;
            var info = p.Info;
            var dimValues = p.DimValues;
            var inputBytes = p.Inputs;
            var outputs = p.Outputs;
            var outputDims = p.OutputDims;
            var dataDir = p.DataDir;
            try
            {
                // The allocating overload also reports the dims of outputs sized while the model runs.
                var results = instance.Run(dimValues, inputBytes);
                for (int i = 0; i < results.Length; i++)
                {
                    outputs[i] = results[i].Bytes;
                    outputDims[i] = results[i].Dims.Select(d => (long)d).ToArray();
                }
            }
            catch (Exception e)
            {
                throw new CliFailureException("the model threw while running: " + e);
            }
            io.Out.WriteLine("run: " + Ms(clock.Elapsed) + " (one run, the first)");

            // 6. Write and compare.
            if (s.WriteOutputs != null) WriteOutputs(io, s.WriteOutputs, info, outputDims, outputs);
            return Compare(io, dataDir, info, outputDims, outputs, s.RTol, s.ATol);
        }

        private static ICompiledModel Load(Assembly assembly, string typeName, string modelPath)
        {
            var type = assembly.GetType(typeName) ?? throw new CliFailureException("the generated assembly has no class " + typeName + ".");
            var fromFile = type.GetMethod("FromFile", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(string) }, null)
                           ?? throw new CliFailureException(typeName + " has no static FromFile(string).");
            object? instance;
            try
            {
                instance = fromFile.Invoke(null, new object[] { modelPath });
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                throw new CliFailureException("loading the weights failed: " + e.InnerException.GetType().Name + ": " + e.InnerException.Message);
            }
            return instance as ICompiledModel ?? throw new CliFailureException(typeName + " does not implement ICompiledModel.");
        }

        private static List<TensorFileData> ReadInputs(string dataDir, ModelInfo info)
        {
            var inputs = new List<TensorFileData>();
            for (int i = 0; ; i++)
            {
                string path = Path.Combine(dataDir, "input_" + i + ".pb");
                if (!File.Exists(path)) break;
                inputs.Add(ReadTensor(path));
            }
            if (inputs.Count != info.Inputs.Count)
                throw new CliFailureException("'" + dataDir + "' holds " + ModelSource.Plural(inputs.Count, "input file") + " (input_0.pb, ...), but the model takes " +
                                              ModelSource.Plural(info.Inputs.Count, "input") + ": " + string.Join(", ", info.Inputs.Select(x => "'" + x.Name + "' " + x)) + ".");
            for (int i = 0; i < inputs.Count; i++)
            {
                if ((int)inputs[i].Type != (int)info.Inputs[i].ElementType)
                    throw new CliFailureException("input_" + i + ".pb holds " + Name(inputs[i].Type) + " elements, but input '" + info.Inputs[i].Name + "' is " + info.Inputs[i] + ".");
            }
            return inputs;
        }

        internal static TensorFileData ReadTensor(string path)
        {
            try
            {
                return TensorFile.Read(File.ReadAllBytes(path));
            }
            catch (InvalidDataException e)
            {
                throw new CliFailureException("'" + path + "': " + e.Message);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CliFailureException("cannot read '" + path + "': " + e.Message);
            }
        }

        private static void WriteOutputs(CliIO io, string dir, ModelInfo info, long[][] dims, Memory<byte>[] outputs)
        {
            try
            {
                Directory.CreateDirectory(dir);
                for (int i = 0; i < outputs.Length; i++)
                {
                    string path = Path.Combine(dir, "output_" + i + ".pb");
                    File.WriteAllBytes(path, TensorFile.Write(info.Outputs[i].Name, (ElementType)(int)info.Outputs[i].ElementType, dims[i], outputs[i].ToArray()));
                    io.Out.WriteLine("wrote " + path);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CliFailureException("cannot write to '" + dir + "': " + e.Message);
            }
        }

        private static int Compare(CliIO io, string dataDir, ModelInfo info, long[][] dims, Memory<byte>[] outputs, double rtol, double atol)
        {
            int compared = 0, passed = 0;
            for (int i = 0; i < outputs.Length; i++)
            {
                var o = info.Outputs[i];
                string head = "output " + i + " '" + o.Name + "' " + Name((ElementType)(int)o.ElementType) + "[" + string.Join(",", dims[i]) + "]: ";
                string path = Path.Combine(dataDir, "output_" + i + ".pb");
                if (!File.Exists(path))
                {
                    io.Out.WriteLine(head + "no output_" + i + ".pb, not compared");
                    continue;
                }
                var expected = ReadTensor(path);
                var c = OutputComparer.Compare((ElementType)(int)o.ElementType, dims[i], outputs[i].ToArray(), expected, rtol, atol);
                io.Out.WriteLine(head + OutputComparer.Describe(c, rtol, atol));
                compared++;
                if (c.Pass) passed++;
            }
            if (File.Exists(Path.Combine(dataDir, "output_" + outputs.Length + ".pb")))
                io.Err.WriteLine("note: '" + dataDir + "' holds more output files than the model has outputs (" + outputs.Length + "); the extra ones were ignored.");
            if (compared == 0)
            {
                io.Out.WriteLine("result: no expected outputs to compare");
                return ExitCodes.Success;
            }
            bool ok = passed == compared;
            io.Out.WriteLine("result: " + passed + " of " + compared + " outputs within tolerance" + (ok ? "" : "; FAIL"));
            return ok ? ExitCodes.Success : ExitCodes.OutsideTolerance;
        }

        private static int SizeOf(TensorElementType t) => ElementTypes.SizeOf((ElementType)(int)t);

        private static string Name(ElementType t) => ElementTypes.OnnxName(t);

        private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString(t.TotalMilliseconds < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture) + " ms";
    }
}
