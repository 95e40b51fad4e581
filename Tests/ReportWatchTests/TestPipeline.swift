import Config
import Logging
import ReportModel
import Store

@testable import ReportWatch

/// A pipeline as the daemon builds it, over `store`, for `configuration`.
func makePipeline(store: Store, configuration: Configuration) -> Pipeline {
    let logger = Logger(label: "test")
    return Pipeline(store: store, live: LiveConfiguration(configuration),
                    fetcher: makeFetcher(configuration.daemon, logger: logger), logger: logger)
}

func makePipeline(store: Store, sources: [SourceConfig]) -> Pipeline {
    makePipeline(store: store, configuration: Configuration(store: StoreSettings(path: store.path), sources: sources))
}
