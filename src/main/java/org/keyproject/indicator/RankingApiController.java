package org.keyproject.indicator;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import org.keyproject.common.FieldProblem;
import org.keyproject.common.InvalidInputException;
import org.keyproject.people.CurrentUser;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rankings (赛马) over the API: {@code GET /api/v1/rankings} the child regions of a region ranked by one
 * figure ({@code figure=completionRate}) or by a scheme version ({@code scheme=<id>}), with the same
 * parameters as GET /api/v1/indicators; {@code /api/v1/ranking-schemes} the coordinators' schemes.
 */
@RestController
@RequestMapping("/api/v1")
class RankingApiController {

    private final IndicatorReports reports;
    private final Rankings rankings;
    private final RankingSchemes schemes;

    RankingApiController(IndicatorReports reports, Rankings rankings, RankingSchemes schemes) {
        this.reports = reports;
        this.rankings = rankings;
        this.schemes = schemes;
    }

    /** A scheme ranks the children of its own region: regionId may be left out, or must name that region. */
    @GetMapping("/rankings")
    Rankings.Ranking ranking(@RequestParam(required = false) Long regionId, @RequestParam(required = false) Integer year,
                             @RequestParam(required = false) String period, @RequestParam(required = false) String listLevel,
                             @RequestParam(required = false) Integer batch, @RequestParam(defaultValue = "false") boolean revised,
                             @RequestParam(required = false) Integer decimals,
                             @RequestParam(required = false) String figure, @RequestParam(required = false) Long scheme,
                             @AuthenticationPrincipal CurrentUser me) {
        if ((figure == null) == (scheme == null)) {
            throw new InvalidInputException("figure", "error.ranking.figureOrScheme");
        }
        if (scheme != null) {
            RankingSchemes.Scheme s = schemes.get(scheme, me.scope());
            if (regionId != null && regionId != s.regionId()) {
                throw new InvalidInputException("scheme", "error.ranking.schemeRegion");
            }
            IndicatorQuery q = reports.query(s.regionId(), year, period, listLevel, batch, revised, me.scope(), me.regionId());
            return rankings.byScheme(q, s, reports.decimals(decimals));
        }
        FieldProblem problem = Rankings.problemWith("figure", figure);
        if (problem != null) {
            throw new InvalidInputException(List.of(problem));
        }
        IndicatorQuery q = reports.query(regionId, year, period, listLevel, batch, revised, me.scope(), me.regionId());
        return rankings.byFigure(q, figure, reports.decimals(decimals));
    }

    @PostMapping("/ranking-schemes")
    ResponseEntity<RankingSchemes.Scheme> save(@RequestBody NewScheme input, @AuthenticationPrincipal CurrentUser me) {
        RankingSchemes.Scheme saved = schemes.save(input.regionId(), input.name(), input.weights(), me);
        return ResponseEntity.created(URI.create("/api/v1/ranking-schemes/" + saved.id())).body(saved);
    }

    /** The latest version of every scheme of a region (the caller's own by default). */
    @GetMapping("/ranking-schemes")
    List<RankingSchemes.Scheme> latest(@RequestParam(required = false) Long regionId, @AuthenticationPrincipal CurrentUser me) {
        return schemes.latest(regionId != null ? regionId : me.regionId(), me.scope());
    }

    /** One version and every version of the same scheme. */
    @GetMapping("/ranking-schemes/{id}")
    RankingSchemes.History history(@PathVariable long id, @AuthenticationPrincipal CurrentUser me) {
        return schemes.history(id, me.scope());
    }

    /** weights: {figureKey: weight}, read as JSON so that a weight that is no number is named, not refused whole. */
    record NewScheme(Long regionId, String name, JsonNode weights) {
    }
}
