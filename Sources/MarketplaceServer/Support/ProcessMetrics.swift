import Glibc

/// The `process_*` families of the Prometheus client libraries, read from `/proc/self` at
/// each scrape (a few small reads): resident and virtual memory, CPU seconds, open and
/// maximum file descriptors, and the start time.
enum ProcessMetrics {
    static func gauges() -> [Metrics.Gauge] {
        var gauges: [Metrics.Gauge] = []
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let page = Double(sysconf(Int32(_SC_PAGESIZE)))
        // /proc/self/stat: fields after the parenthesised command name; utime is field 14 of the whole line.
        if let stat = read("/proc/self/stat"), let close = stat.lastIndex(of: ")") {
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // fields[0] is field 3 (state): field n is fields[n - 3].
            func field(_ n: Int) -> Double? { fields.count > n - 3 ? Double(fields[n - 3]) : nil }
            if let user = field(14), let system = field(15), ticks > 0 {
                gauges.append(Metrics.Gauge(name: "process_cpu_seconds_total", help: "Total user and system CPU time spent in seconds.",
                                            samples: [([], (user + system) / ticks)], type: "counter"))
            }
            if let virtual = field(23) {
                gauges.append(Metrics.Gauge(name: "process_virtual_memory_bytes", help: "Virtual memory size in bytes.",
                                            samples: [([], virtual)]))
            }
            if let resident = field(24) {
                gauges.append(Metrics.Gauge(name: "process_resident_memory_bytes", help: "Resident memory size in bytes.",
                                            samples: [([], resident * page)]))
            }
            if let started = field(22), let boot = bootTime(), ticks > 0 {
                gauges.append(Metrics.Gauge(name: "process_start_time_seconds",
                                            help: "Start time of the process since unix epoch in seconds.",
                                            samples: [([], (boot + started / ticks).rounded())]))
            }
        }
        if let open = openDescriptors() {
            gauges.append(Metrics.Gauge(name: "process_open_fds", help: "Number of open file descriptors.", samples: [([], open)]))
        }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 {
            gauges.append(Metrics.Gauge(name: "process_max_fds", help: "Maximum number of open file descriptors.",
                                        samples: [([], Double(limit.rlim_cur))]))
        }
        return gauges
    }

    /// `btime` of /proc/stat: the boot time, seconds since the epoch.
    private static func bootTime() -> Double? {
        guard let text = read("/proc/stat") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst(6).trimmingPrefix(" "))
        }
        return nil
    }

    private static func openDescriptors() -> Int? {
        guard let directory = opendir("/proc/self/fd") else { return nil }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let first = withUnsafeBytes(of: entry.pointee.d_name) { $0.first ?? 0 }
            if first != UInt8(ascii: ".") { count += 1 }
        }
        return count - 1   // the directory stream's own descriptor
    }

    private static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
