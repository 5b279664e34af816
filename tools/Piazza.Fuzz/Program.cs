using Piazza.Fuzz;
using SharpFuzz;

// Under afl-fuzz (fuzz.sh): one input per run on stdin, forked by SharpFuzz. With paths: replay
// files or folders (a corpus, afl's crashes/) through the same checks and report the first failure.
if (args.Length > 0)
{
    return CodecTarget.Replay(args, Console.Out);
}

Fuzzer.OutOfProcess.Run(CodecTarget.Run);
return 0;
