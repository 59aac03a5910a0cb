using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;
using ModelGen.Runtime;

namespace ModelGen.Cli.Conformance
{
    /// <summary>How one output compared with output_N.pb.</summary>
    internal sealed class OutputResult
    {
        public OutputResult(string name, string shape, bool pass, double maxAbs, double maxRel, string description)
        {
            Name = name;
            Shape = shape;
            Pass = pass;
            MaxAbsError = maxAbs;
            MaxRelError = maxRel;
            Description = description;
        }

        public string Name { get; }
        public string Shape { get; }
        public bool Pass { get; }
        public double MaxAbsError { get; }
        public double MaxRelError { get; }
        public string Description { get; }
    }

    /// <summary>Why a data set could not be compared at all.</summary>
    internal enum DataSetFailure
    {
        /// <summary>Every output was compared (it may still be outside tolerance).</summary>
        None,
        /// <summary>The data set does not fit the model: file counts, element types or dims.</summary>
        BadData,
        /// <summary>Reading the data, or running the model, threw.</summary>
        Threw,
        /// <summary>The model did not finish within the timeout.</summary>
        TimedOut,
    }

    /// <summary>The outcome of running a compiled model on one ONNX test data set.</summary>
    internal sealed class DataSetResult
    {
        public DataSetResult(bool pass, string? failure, DataSetFailure kind, IReadOnlyList<OutputResult> outputs, string report, TimeSpan runTime)
        {
            Pass = pass;
            Failure = failure;
            Kind = kind;
            Outputs = outputs;
            Report = report;
            RunTime = runTime;
        }

        /// <summary>Every output has the expected type and shape and lies within tolerance.</summary>
        public bool Pass { get; }

        /// <summary>Why the data set could not be run or compared at all (null when every output was compared).</summary>
        public string? Failure { get; }

        /// <summary>What kind of failure <see cref="Failure"/> is.</summary>
        public DataSetFailure Kind { get; }

        public IReadOnlyList<OutputResult> Outputs { get; }

        /// <summary>Lines describing the inputs, the dims and each output's comparison.</summary>
        public string Report { get; }

        public TimeSpan RunTime { get; }
    }

    /// <summary>
    /// Runs an <see cref="ICompiledModel"/> on an ONNX test data set (input_N.pb → output_N.pb) the way ONNX's backend
    /// runner does: symbolic dims take the sizes of the data, every output must have the expected element type and
    /// shape exactly, and values must satisfy |actual-expected| &lt;= atol + rtol·|expected| (numpy.testing.assert_allclose;
    /// NaN matches only NaN). Reuses the CLI's TensorProto reader, dim binder and comparer.
    /// </summary>
    internal static class TestDataRunner
    {
        public static DataSetResult Run(ICompiledModel model, string dataDir, double rtol, double atol, TimeSpan timeout)
        {
            var report = new StringBuilder();
            var info = model.Info;
            var outputsResult = new List<OutputResult>();
            try
            {
                // Inputs.
                var inputs = new List<TensorFileData>();
                for (int i = 0; File.Exists(Path.Combine(dataDir, "input_" + i + ".pb")); i++)
                    inputs.Add(TensorFile.Read(File.ReadAllBytes(Path.Combine(dataDir, "input_" + i + ".pb"))));
                if (inputs.Count != info.Inputs.Count)
                    return Fail(report, outputsResult, DataSetFailure.BadData, "the data set has " + inputs.Count + " input files but the model takes " + info.Inputs.Count + " inputs (" +
                                                       string.Join(", ", info.Inputs.Select(x => x.Name + ":" + x)) + ")");
                for (int i = 0; i < inputs.Count; i++)
                {
                    report.AppendLine("input " + i + " '" + info.Inputs[i].Name + "' declared " + info.Inputs[i] + ", data " + Name(inputs[i].Type) + Dims(inputs[i].Dims));
                    if ((int)inputs[i].Type != (int)info.Inputs[i].ElementType)
                        return Fail(report, outputsResult, DataSetFailure.BadData, "input_" + i + ".pb holds " + Name(inputs[i].Type) + " but the model's input '" + info.Inputs[i].Name + "' is " + info.Inputs[i]);
                }
                var errors = new List<string>();
                var symbols = DimBinder.Bind(info, inputs, errors);
                if (errors.Count > 0) return Fail(report, outputsResult, DataSetFailure.BadData, "the inputs do not fit the model: " + string.Join("; ", errors));
                if (info.SymbolicDims.Count > 0)
                    report.AppendLine("dims: " + string.Join(", ", info.SymbolicDims.Select(d => d + "=" + symbols[d].ToString(CultureInfo.InvariantCulture))));

                // Expected outputs.
                var expected = new List<TensorFileData>();
                for (int i = 0; File.Exists(Path.Combine(dataDir, "output_" + i + ".pb")); i++)
                    expected.Add(TensorFile.Read(File.ReadAllBytes(Path.Combine(dataDir, "output_" + i + ".pb"))));
                if (expected.Count != info.Outputs.Count)
                    return Fail(report, outputsResult, DataSetFailure.BadData, "the data set has " + expected.Count + " output files but the model has " + info.Outputs.Count + " outputs (" +
                                                       string.Join(", ", info.Outputs.Select(x => x.Name + ":" + x)) + ")");

                // Run.
                int[] dims = info.SymbolicDims.Select(d => checked((int)symbols[d])).ToArray();
                var inputBytes = inputs.Select(t => new ReadOnlyMemory<byte>(t.Raw)).ToArray();
                var clock = System.Diagnostics.Stopwatch.StartNew();
                // The allocating overload reports every output's dims, those sized while the model runs included.
                if (!Bounded.TryRun(() => model.Run(dims, inputBytes), timeout, out TensorBuffer[] results, out Exception? thrown))
                    return Fail(report, outputsResult, DataSetFailure.TimedOut,
                        "the model did not finish within " + timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s (hang or far too slow)");
                if (thrown != null) return Fail(report, outputsResult, DataSetFailure.Threw, "the model threw: " + thrown);
                clock.Stop();
                var outputDims = results.Select(b => b.Dims.Select(d => (long)d).ToArray()).ToArray();
                var outputs = results.Select(b => new Memory<byte>(b.Bytes)).ToArray();
                report.AppendLine("run: " + clock.Elapsed.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture) + " ms");

                // Compare.
                bool pass = true;
                for (int i = 0; i < outputs.Length; i++)
                {
                    var o = info.Outputs[i];
                    var type = (ElementType)(int)o.ElementType;
                    var c = OutputComparer.Compare(type, outputDims[i], outputs[i].ToArray(), expected[i], rtol, atol);
                    string text = OutputComparer.Describe(c, rtol, atol);
                    string shape = Name(type) + Dims(outputDims[i]);
                    report.AppendLine("output " + i + " '" + o.Name + "' " + shape + " vs expected " + Name(expected[i].Type) + Dims(expected[i].Dims) + ": " + text);
                    if (!c.Pass)
                    {
                        pass = false;
                        if (c.Mismatch == null) AppendSample(report, type, outputDims[i], outputs[i].ToArray(), expected[i], rtol, atol);
                    }
                    outputsResult.Add(new OutputResult(o.Name, shape, c.Pass, c.MaxAbsError, c.MaxRelError, text));
                }
                return new DataSetResult(pass, null, DataSetFailure.None, outputsResult, report.ToString(), clock.Elapsed);
            }
            catch (Exception e)
            {
                return Fail(report, outputsResult, DataSetFailure.Threw, "exception: " + e);
            }
        }

        /// <summary>The first few elements outside tolerance, with their flat index, to make a kernel bug readable.</summary>
        private static void AppendSample(StringBuilder report, ElementType type, long[] dims, byte[] actual, TensorFileData expected, double rtol, double atol)
        {
            double[] a = new TensorData(type, dims, actual).AsDouble();
            double[] e = expected.ToTensorData().AsDouble();
            int shown = 0;
            for (int i = 0; i < a.Length && shown < 6; i++)
            {
                bool ok = (double.IsNaN(a[i]) && double.IsNaN(e[i])) || a[i] == e[i] || Math.Abs(a[i] - e[i]) <= atol + rtol * Math.Abs(e[i]);
                if (ok) continue;
                report.AppendLine("    [" + i + "] got " + G(a[i]) + ", expected " + G(e[i]));
                shown++;
            }
        }

        private static DataSetResult Fail(StringBuilder report, List<OutputResult> outputs, DataSetFailure kind, string why)
        {
            report.AppendLine("FAIL: " + why);
            return new DataSetResult(false, why, kind, outputs, report.ToString(), TimeSpan.Zero);
        }

        public static string Name(ElementType t) => ElementTypes.OnnxName(t);

        public static string Dims(IEnumerable<long> dims) => "[" + string.Join(",", dims) + "]";

        public static string G(double v) => v.ToString("G9", CultureInfo.InvariantCulture);
    }
}
