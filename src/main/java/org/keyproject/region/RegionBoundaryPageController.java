package org.keyproject.region;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The map boundaries of a region's children (一张图): what is there, and the administrator's upload. */
@Controller
class RegionBoundaryPageController {

    private final Regions regions;
    private final RegionBoundaries boundaries;
    private final RegionAccess access;

    RegionBoundaryPageController(Regions regions, RegionBoundaries boundaries, RegionAccess access) {
        this.regions = regions;
        this.boundaries = boundaries;
        this.access = access;
    }

    @GetMapping("/regions/{id}/boundaries")
    String show(@PathVariable long id, Model model) {
        Region region = regions.find(id).filter(access::covers).orElseThrow(() -> new NotFoundException("region", id));
        model.addAttribute("region", region);
        model.addAttribute("children", boundaries.status(id));
        return "region/boundaries";
    }

    /** Only administrators get here (the security chain); a refused file shows every problem, nothing is kept. */
    @PostMapping("/regions/{id}/boundaries")
    String upload(@PathVariable long id, @RequestParam("file") MultipartFile file, Model model,
                  RedirectAttributes redirect, jakarta.servlet.http.HttpServletResponse response) throws IOException {
        try {
            int saved = boundaries.upload(id, new String(file.getBytes(), StandardCharsets.UTF_8), access.currentUserId().orElse(null));
            redirect.addFlashAttribute("saved", saved);
            return "redirect:/regions/" + id + "/boundaries";
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("problems", e.problems());
            return show(id, model);
        }
    }
}
