using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using ModelGen.Cli;

namespace ModelGen.Benchmarks
{
    /// <summary>
    /// Measures one model: a timed row at a thread count (outputs checked against ORT first, then both warmed up and
    /// sampled in alternating rounds), and the construction row.
    /// </summary>
    internal static class RowRunner
    {
        /// <summary>
        /// One row: ModelGen's instance with MaxThreads = <paramref name="threads"/> against a session with IntraOpNumThreads =
        /// <paramref name="threads"/>. A row whose outputs disagree is returned untimed.
        /// </summary>
        public static RowResult Run(BenchModel model, ModelGenClass compiled, int threads, RunSettings settings, TextWriter log)
        {
            var modelGen = new ModelGenBinding(compiled.NewInstance(threads), model.Inputs);
            using var ort = new OrtSide(model.Bytes, modelGen.InputNames, model.Inputs, threads, settings.OrtSpin);
            var agreement = OutputAgreement.Compare(modelGen.RunAndRead(), ort.RunAndRead());
            log.WriteLine("  " + model.Name + ", " + Threads(threads) + ": outputs " + (agreement.Agrees ? "agree" : "DISAGREE") + ", " + agreement.Describe());
            if (!agreement.Agrees)
                return new RowResult(model, threads, agreement, Array.Empty<double>(), Array.Empty<double>(), 0, 0, modelGen.HasRuntimeOutputs);

            Warm(modelGen.RunOnce, settings.WarmupSeconds);
            Warm(ort.RunOnce, settings.WarmupSeconds);
            // Each sampler sizes its batch once (a run under RunSampler.MinSampleMs is timed in batches of back-to-back runs).
            var modelGenSampler = new RunSampler(modelGen.RunOnce);
            var ortSampler = new RunSampler(ort.RunOnce);
            var modelGenMs = new List<double>();
            var ortMs = new List<double>();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var clock = Stopwatch.StartNew();
            for (int round = 0; round < settings.MaxRounds; round++)
            {
                if (round >= settings.MinRounds && clock.Elapsed.TotalSeconds >= settings.RowSeconds) break;
                // Who goes first alternates, so neither always runs right after the other's threads went idle.
                if (round % 2 == 0)
                {
                    modelGenMs.Add(modelGenSampler.Sample());
                    ortMs.Add(ortSampler.Sample());
                }
                else
                {
                    ortMs.Add(ortSampler.Sample());
                    modelGenMs.Add(modelGenSampler.Sample());
                }
            }
            var row = new RowResult(model, threads, agreement, modelGenMs, ortMs, modelGenSampler.RunsPerSample, ortSampler.RunsPerSample, modelGen.HasRuntimeOutputs);
            log.WriteLine("  " + model.Name + ", " + Threads(threads) + ": " + modelGenMs.Count + " rounds, median ModelGen " + Report.Ms(row.ModelGenMedian) +
                          " ms, ORT " + Report.Ms(row.OrtMedian) + " ms, ModelGen/ORT " + Report.Ratio(row.Ratio));
            return row;
        }

        /// <summary>
        /// Construction, one thread each: ModelGen's new instance (weights from the bytes, derived weights) + bound outputs +
        /// first Run, against new InferenceSession(bytes) + first Run; the class is already compiled and loaded, as a
        /// user's build gives it. The first of each is kept apart (it pays the JIT of the class, ORT's first session
        /// of the model); the table's median is over <see cref="RunSettings.ConstructionSamples"/> more, alternating.
        /// </summary>
        public static ConstructionResult Construction(BenchModel model, ModelGenClass compiled, RunSettings settings, TextWriter log)
        {
            string[] inputNames = Array.Empty<string>();
            var ortInputs = OrtSide.CreateInputs(model.Inputs);
            try
            {
                double ConstructModelGen()
                {
                    long start = Stopwatch.GetTimestamp();
                    var binding = new ModelGenBinding(compiled.NewInstance(1), model.Inputs);
                    binding.RunOnce();
                    double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    inputNames = binding.InputNames.ToArray();
                    return ms;
                }
                double ConstructOrt()
                {
                    long start = Stopwatch.GetTimestamp();
                    using (var session = OrtSide.CreateSession(model.Bytes, 1, settings.OrtSpin))
                    using (var runOptions = new RunOptions())
                    using (session.Run(runOptions, inputNames, ortInputs, session.OutputNames))
                    {
                        // The session and its outputs are released after the clock stops.
                        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                        return ms;
                    }
                }
                // ModelGen's first goes first: it gives the input names ORT's run needs.
                double modelGenFirst = ConstructModelGen(), ortFirst = ConstructOrt();
                var modelGenMs = new List<double>();
                var ortMs = new List<double>();
                for (int i = 0; i < settings.ConstructionSamples; i++)
                {
                    GC.Collect();
                    if (i % 2 == 0)
                    {
                        modelGenMs.Add(ConstructModelGen());
                        ortMs.Add(ConstructOrt());
                    }
                    else
                    {
                        ortMs.Add(ConstructOrt());
                        modelGenMs.Add(ConstructModelGen());
                    }
                }
                var result = new ConstructionResult(model, modelGenFirst, ortFirst, modelGenMs, ortMs, compiled.CompileTime.TotalMilliseconds);
                log.WriteLine("  " + model.Name + ", construction + first run: ModelGen " + Report.Ms(result.ModelGenMedian) + " ms (first " + Report.Ms(modelGenFirst) +
                              "), ORT " + Report.Ms(result.OrtMedian) + " ms (first " + Report.Ms(ortFirst) + ")");
                return result;
            }
            finally
            {
                foreach (var v in ortInputs) v.Dispose();
            }
        }

        private static void Warm(Action run, double seconds)
        {
            var clock = Stopwatch.StartNew();
            do run();
            while (clock.Elapsed.TotalSeconds < seconds);
        }

        private static string Threads(int threads) => threads == 1 ? "1 thread" : threads + " threads";
    }
}
