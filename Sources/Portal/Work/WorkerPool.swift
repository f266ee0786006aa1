import Dispatch
import Foundation
import XLSX
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Worker processes that do the portal's file work (``PortalWorker``), at most `size` at once:
/// a job waits for a free worker, runs in it, and comes back as a `WorkerReply`. A worker that
/// dies or overruns its time is gone (killed and reaped), its job fails with a ``Failure`` that
/// says how, and the next job starts a fresh one. Idle workers stay up between jobs.
final class WorkerPool: Sendable {
    /// How a worker is started.
    struct Launch: Sendable {
        /// The program (`taizhang`).
        var executable: String
        /// Its arguments (`["worker"]`).
        var arguments: [String]
        /// The setup sent to every new worker.
        var setup: WorkerSetup
    }

    /// Why a job came back without an answer.
    enum Failure: Error, CustomStringConvertible {
        /// The worker ended in the middle of the job (a crash, a trap, killed for memory).
        case died(String)
        /// The job took longer than allowed; the worker was killed.
        case timedOut(seconds: Double)
        /// No worker could be started.
        case cannotStart(String)
        /// The worker answered, but the job failed with an error it caught: its description.
        case jobFailed(String)

        var description: String {
            switch self {
            case .died(let how): return "the worker process ended during the job (\(how))"
            case .timedOut(let seconds): return "the worker process took longer than \(Int(seconds)) s and was stopped"
            case .cannotStart(let reason): return "no worker process could be started: \(reason)"
            case .jobFailed(let reason): return reason
            }
        }
    }

    private let launch: Launch
    private let gate: Gate
    private let idle = IdleWorkers()
    private let queue: DispatchQueue

    /// A pool of at most `size` workers started by `launch`.
    init(launch: Launch, size: Int, label: String) {
        self.launch = launch
        gate = Gate(capacity: max(1, size))
        queue = DispatchQueue(label: label, attributes: .concurrent)
    }

    deinit {
        idle.stopAll()
    }

    /// Runs `job` in a worker, waiting for a free one first; fails when the worker does not answer
    /// within `timeout` seconds or dies.
    func run(_ job: WorkerJob, timeout: Double) async throws -> WorkerReply {
        await gate.enter()
        let result: Result<WorkerReply, Error> = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Result { try self.runWaiting(job, timeout: timeout) }) }
        }
        await gate.leave()
        return try result.get()
    }

    /// The process ids of the workers now idle (for tests and diagnostics).
    var idleProcessIds: [Int32] { idle.processIds }

    private func runWaiting(_ job: WorkerJob, timeout: Double) throws -> WorkerReply {
        let worker = try idle.take() ?? WorkerProcess.start(launch)
        do {
            let reply = try worker.perform(job, timeout: timeout)
            idle.put(worker)
            return reply
        } catch {
            worker.stop()
            throw error
        }
    }
}

/// The workers waiting for a job.
private final class IdleWorkers: @unchecked Sendable {
    private let lock = Lock()
    private var workers: [WorkerProcess] = []

    func take() -> WorkerProcess? { lock.withLock { workers.popLast() } }
    func put(_ worker: WorkerProcess) { lock.withLock { workers.append(worker) } }
    var processIds: [Int32] { lock.withLock { workers.map(\.pid) } }

    func stopAll() {
        for worker in lock.withLock({ () -> [WorkerProcess] in defer { workers = [] }; return workers }) { worker.stop() }
    }
}

/// One worker process and its two pipes.
private final class WorkerProcess: @unchecked Sendable {
    let pid: pid_t
    /// Our end of its standard input.
    private let requests: Int32
    /// Our end of its standard output.
    private let replies: Int32
    private let lock = Lock()
    /// Counts jobs, so that a timer never kills the worker over a job it already answered.
    private var job = 0
    private var killedForTime = false
    /// How it ended, once stopped.
    private var ended: String?

    private init(pid: pid_t, requests: Int32, replies: Int32) {
        self.pid = pid
        self.requests = requests
        self.replies = replies
    }

    /// Starts a worker and sends it its setup.
    static func start(_ launch: WorkerPool.Launch) throws -> WorkerProcess {
        var toWorker: [Int32] = [0, 0]
        var fromWorker: [Int32] = [0, 0]
        guard pipe(&toWorker) == 0 else { throw WorkerPool.Failure.cannotStart(String(cString: strerror(errno))) }
        guard pipe(&fromWorker) == 0 else {
            close(toWorker[0]); close(toWorker[1])
            throw WorkerPool.Failure.cannotStart(String(cString: strerror(errno)))
        }
        // Our ends must not leak into other children (nor theirs into later workers): the
        // spawned worker gets its ends as 0 and 1 (dup2 clears the flag there).
        for descriptor in toWorker + fromWorker { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        #if os(Linux)
        var actions = posix_spawn_file_actions_t()
        #else
        var actions: posix_spawn_file_actions_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toWorker[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromWorker[1], 1)
        let arguments = [launch.executable] + launch.arguments
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, launch.executable, &actions, nil, &argv, environ)
        close(toWorker[0])
        close(fromWorker[1])
        guard spawned == 0 else {
            close(toWorker[1]); close(fromWorker[0])
            throw WorkerPool.Failure.cannotStart("\(launch.executable): \(String(cString: strerror(spawned)))")
        }
        let worker = WorkerProcess(pid: pid, requests: toWorker[1], replies: fromWorker[0])
        do {
            try WorkerFrame.write(launch.setup, to: worker.requests)
        } catch {
            worker.stop()
            throw WorkerPool.Failure.cannotStart("the worker did not take its setup")
        }
        return worker
    }

    /// Sends a job and waits for its answer, killing the worker past `timeout` seconds.
    func perform(_ job: WorkerJob, timeout: Double) throws -> WorkerReply {
        let number = lock.withLock { () -> Int in
            self.job += 1
            return self.job
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [self] in
            lock.withLock {
                guard self.job == number, ended == nil else { return }
                killedForTime = true
                kill(pid, SIGKILL)
            }
        }
        defer { lock.withLock { self.job += 1 } }
        do {
            try WorkerFrame.write(job, to: requests)
            let (reply, texts) = try WorkerFrame.readWithTexts(WorkerReply.self, from: replies)
            return try reply.unframed(texts)
        } catch {
            if lock.withLock({ killedForTime }) { throw WorkerPool.Failure.timedOut(seconds: timeout) }
            throw WorkerPool.Failure.died(stop())
        }
    }

    /// Ends the worker (killing it if it still runs), releases its pipes and reaps it, once;
    /// returns how it ended: `signal 11`, `exit status 1` ….
    @discardableResult
    func stop() -> String {
        lock.withLock {
            if let ended { return ended }
            kill(pid, SIGKILL)
            close(requests)
            close(replies)
            var status: Int32 = 0
            let description: String
            if waitpid(pid, &status, 0) != pid {
                description = "unknown"
            } else {
                let signal = status & 0x7F
                description = signal != 0 ? "signal \(signal)" : "exit status \((status >> 8) & 0xFF)"
            }
            ended = description
            return description
        }
    }
}
