using System;
using System.IO;
using System.Linq;

namespace ModelGen.Benchmarks
{
    /// <summary>
    /// ModelGen against ONNX Runtime for .NET, in this process, on the same models and inputs; writes docs/benchmarks.md.
    /// Exit 0, 1 when some row's outputs disagreed (the file marks it), 2 on a bad command line.
    /// </summary>
    internal static class Program
    {
        private const string Project = "tests/Benchmarks/ModelGen.Benchmarks";

        private static int Main(string[] args)
        {
            if (args.Contains("--help") || args.Contains("-h"))
            {
                Console.WriteLine(BenchOptions.Usage);
                return 0;
            }
            BenchOptions options;
            try
            {
                options = BenchOptions.Parse(args, RepoRoot());
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                Console.Error.WriteLine(BenchOptions.Usage);
                return 2;
            }
            string command = "dotnet run -c Release --project " + Project + " --" + string.Concat(args.Select(a => " " + (a.Contains(' ', StringComparison.Ordinal) ? "\"" + a + "\"" : a)));
            BenchReport report;
            try
            {
                report = BenchmarkRun.Run(options, command, Console.Out);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(options.OutPath)!);
            File.WriteAllText(options.OutPath, Report.Markdown(report));
            Console.WriteLine("wrote " + options.OutPath);
            int disagreed = report.Rows.Count(r => !r.Agreement.Agrees);
            if (disagreed > 0) Console.Error.WriteLine(disagreed + " row(s) whose outputs disagree with ONNX Runtime's: marked in the file, not timed.");
            return disagreed > 0 ? 1 : 0;
        }

        /// <summary>The folder holding ModelGen.sln, above the working directory or else above this program.</summary>
        private static string RepoRoot()
        {
            foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                    if (File.Exists(Path.Combine(dir.FullName, "ModelGen.sln"))) return dir.FullName;
            }
            throw new InvalidOperationException("cannot find the repository (ModelGen.sln) above " + Directory.GetCurrentDirectory() + " or " + AppContext.BaseDirectory + ".");
        }
    }
}
