using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using ModelGen.Cli.Conformance;

namespace ModelGen.Cli.Commands
{
    /// <summary>
    /// <c>modelgen conformance suite-dir... [--filter re] [--report f.tsv] [--markdown f.md] [--jobs N]</c>: compiles every
    /// test folder's model (many per Roslyn compilation), runs all its data sets and counts passed, failed, unsupported
    /// and crashed tests. The last stdout line is the summary scripts read.
    /// </summary>
    internal static class ConformanceCommand
    {
        private sealed class Settings
        {
            public string[] Suites = Array.Empty<string>();
            public string? Filter;
            public string? Report;
            public string? Markdown;
            public int Jobs;
            public double TimeoutSeconds;
            public double RTol;
            public double ATol;
            public bool NoOptimize;
        }

        public static Command Create(CliIO io)
        {
            var suites = new Argument<string[]>("suite-dir")
            {
                Description = "Folders of ONNX backend tests (each test a folder holding model.onnx and test_data_set_N/ with input_N.pb, output_N.pb), e.g. onnx-backend-tests/node.",
                Arity = ArgumentArity.OneOrMore,
            };
            var filter = new Option<string?>("--filter") { Description = "Runs only the tests whose folder name, or suite/name, this regular expression matches.", HelpName = "regex" };
            var report = new Option<string?>("--report") { Description = "Writes a TSV file: test, status, detail (one line per test).", HelpName = "file.tsv" };
            var markdown = new Option<string?>("--markdown") { Description = "Writes a Markdown page (docs/conformance.md): counts per suite and per op, failures with details.", HelpName = "file.md" };
            var jobs = new Option<int>("--jobs", "-j") { Description = "Models compiled and tests run at once.", DefaultValueFactory = _ => Environment.ProcessorCount, HelpName = "N" };
            var timeout = new Option<double>("--timeout") { Description = "Seconds a test may take (its compile, and its load plus runs) before it counts as crashed.", DefaultValueFactory = _ => 60.0 };
            var rtol = new Option<double>("--rtol") { Description = "Relative tolerance.", DefaultValueFactory = _ => 1e-3 };
            var atol = new Option<double>("--atol") { Description = "Absolute tolerance: an element passes when |actual-expected| <= atol + rtol*|expected| (NaN matches only NaN).", DefaultValueFactory = _ => 1e-7 };
            var noOptimize = ModelSource.NoOptimizeOption();
            var command = new Command("conformance",
                "Runs ONNX backend test folders: compiles each model.onnx (ONNX -> C#, many models per Roslyn compilation), runs it on\n" +
                "every test_data_set_N and classifies the test: passed; failed (wrong values, type or shape: the worst error is\n" +
                "reported); unsupported (MG errors: the message is the reason); crashed (an exception or a hang in the compiler,\n" +
                "generated C# that does not compile, or a run that throws or passes --timeout). Progress goes to stderr; stdout\n" +
                "lists the failed and crashed tests, and its last line is 'conformance: P passed, F failed, U unsupported, C crashed of N'.\n" +
                "Exit 0 when no test failed or crashed, 1 when some did.")
            {
                suites, filter, report, markdown, jobs, timeout, rtol, atol, noOptimize,
            };
            command.SetAction(parse => io.Guard(() => Execute(io, new Settings
            {
                Suites = parse.GetValue(suites) ?? Array.Empty<string>(),
                Filter = parse.GetValue(filter),
                Report = parse.GetValue(report),
                Markdown = parse.GetValue(markdown),
                Jobs = parse.GetValue(jobs),
                TimeoutSeconds = parse.GetValue(timeout),
                RTol = parse.GetValue(rtol),
                ATol = parse.GetValue(atol),
                NoOptimize = parse.GetValue(noOptimize),
            })));
            return command;
        }

        private static int Execute(CliIO io, Settings s)
        {
            if (s.Jobs < 1) throw new UsageException("--jobs must be at least 1.");
            if (!(s.TimeoutSeconds > 0) || s.TimeoutSeconds > 86400) throw new UsageException("--timeout must be more than 0 and at most 86400 seconds.");
            if (!(s.RTol >= 0) || !(s.ATol >= 0) || double.IsInfinity(s.RTol) || double.IsInfinity(s.ATol))
                throw new UsageException("--rtol and --atol must be finite and not negative.");
            Regex? filter = null;
            if (s.Filter != null)
            {
                try
                {
                    filter = new Regex(s.Filter, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException e)
                {
                    throw new UsageException("--filter: '" + s.Filter + "' is not a valid regular expression: " + e.Message);
                }
            }

            var wall = Stopwatch.StartNew();
            var cases = new List<ConformanceCase>();
            foreach (var dir in s.Suites)
            {
                if (!Directory.Exists(dir)) throw new UsageException("suite folder '" + dir + "' not found.");
                var found = SuiteScanner.Scan(dir, filter, out int withoutData);
                if (withoutData > 0) io.Err.WriteLine("conformance: " + dir + ": left out " + ModelSource.Plural(withoutData, "folder") + " with model.onnx but no test_data_set_N");
                cases.AddRange(found);
            }
            var duplicate = cases.GroupBy(c => c.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null) throw new UsageException("two suite folders give the test '" + duplicate.Key + "': pass folders with different names.");
            if (cases.Count == 0)
                throw new UsageException("no test folders (model.onnx with test_data_set_N/) " + (filter != null ? "match --filter in " : "in ") + string.Join(", ", s.Suites.Select(d => "'" + d + "'")) + ".");

            var timeout = TimeSpan.FromSeconds(s.TimeoutSeconds);
            io.Err.WriteLine("conformance: " + ModelSource.Plural(cases.Count, "test") + " (" + string.Join(", ", cases.GroupBy(c => c.Suite).Select(g => g.Key + " " + g.Count())) +
                             "), jobs " + s.Jobs + (s.NoOptimize ? ", optimizer off" : "") + ", timeout " + ModelBatch.Seconds(timeout));
            var run = ConformanceRunner.Run(cases, new ConformanceSettings
            {
                Jobs = s.Jobs,
                Timeout = timeout,
                RTol = s.RTol,
                ATol = s.ATol,
                Optimize = !s.NoOptimize,
                Progress = line => io.Err.WriteLine("conformance: " + line),
            });
            wall.Stop();
            io.Err.WriteLine("conformance: done in " + ModelBatch.Seconds(wall.Elapsed) + " (onnx -> c# " + ModelBatch.Seconds(run.Batch.OnnxTime) +
                             ", c# -> assemblies " + ModelBatch.Seconds(run.Batch.RoslynWall) + " in " + ModelSource.Plural(run.Batch.RoslynRounds.Count, "compilation") +
                             ", runs " + ModelBatch.Seconds(run.RunTime) + ")");

            if (s.Report != null) ReportFile.Write(s.Report, ConformanceReport.Tsv(run.Results));
            if (s.Markdown != null) ReportFile.Write(s.Markdown, ConformanceReport.Markdown(run.Results, s.RTol, s.ATol));
            foreach (var r in run.Results.Where(r => r.Status == ConformanceStatus.Failed || r.Status == ConformanceStatus.Crashed).OrderBy(r => r.Test.Id, StringComparer.Ordinal))
                io.Out.WriteLine(ConformanceReport.StatusName(r.Status) + " " + r.Test.Id + ": " + r.Detail);
            if (s.Report != null) io.Out.WriteLine("wrote " + s.Report);
            if (s.Markdown != null) io.Out.WriteLine("wrote " + s.Markdown);
            io.Out.WriteLine(ConformanceReport.SummaryLine(run.Results));
            bool clean = run.Count(ConformanceStatus.Failed) == 0 && run.Count(ConformanceStatus.Crashed) == 0;
            return clean ? ExitCodes.Success : ExitCodes.OutsideTolerance;
        }
    }
}
