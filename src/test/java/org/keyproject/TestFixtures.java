package org.keyproject;

import java.math.BigDecimal;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.NewUser;
import org.keyproject.people.OrganizationKind;
import org.keyproject.people.People;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.keyproject.project.Category;
import org.keyproject.project.Nature;
import org.keyproject.project.ProjectDetails;
import org.keyproject.project.ProjectForm;
import org.keyproject.project.Projects;
import org.keyproject.project.Stage;
import org.keyproject.region.NewRegion;
import org.keyproject.region.Region;
import org.keyproject.region.Regions;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.stereotype.Component;

/**
 * Builds isolated data for one test: a county of its own (with a town), people in it, projects.
 * Names carry a unique suffix so tests never see each other's data through filters.
 */
@Component
public class TestFixtures {

    public static final String PASSWORD = "test-password-123";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Regions regions;
    private final People people;
    private final Projects projects;
    private final UserDetailsService accounts;

    TestFixtures(Regions regions, People people, Projects projects, UserDetailsService accounts) {
        this.regions = regions;
        this.people = people;
        this.projects = projects;
        this.accounts = accounts;
    }

    public String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    public CurrentUser admin() {
        return (CurrentUser) accounts.loadUserByUsername("admin");
    }

    public CurrentUser login(String username) {
        return (CurrentUser) accounts.loadUserByUsername(username);
    }

    /** A new county (with one town) under the root region. */
    public County county(String name) {
        int n = COUNTER.incrementAndGet();
        String suffix = unique();
        Region root = regions.root().orElseThrow();
        Region county = regions.create(new NewRegion("T" + suffix, name + suffix + "区", null, "DISTRICT", root.id()));
        Region town = regions.create(new NewRegion("T" + suffix + "01", name + suffix + "镇", null, "TOWN", county.id()));
        return new County(county, town, n);
    }

    public UserAccount user(Role role, Region region, Long organizationId) {
        String username = role.name().toLowerCase() + "_" + unique();
        return people.createUser(new NewUser(username, role.name() + "测试用户", null, null, PASSWORD, role, region.id(),
                organizationId), admin());
    }

    public long enterprise(String name, Region region) {
        return people.findOrCreateOrganization(OrganizationKind.ENTERPRISE, name + unique() + "有限公司", region.id(), false).id();
    }

    public ProjectForm form(String name, Region region, String investmentWan) {
        return new ProjectForm(null, name, null, "测试建设单位" + unique() + "有限公司", region.id(), "测试路1号", null, null,
                "新建厂房2栋", Nature.NEW, Category.INDUSTRIAL, true, null, new BigDecimal(investmentWan), null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    public ProjectDetails project(String name, Region region, String investmentWan) {
        return projects.create(form(name, region, investmentWan), admin());
    }

    public ProjectDetails project(String name, Region region, String investmentWan, Stage stage) {
        return projects.create(form(name, region, investmentWan).withStage(stage, null), admin());
    }

    public ProjectDetails projectWithOwner(ProjectForm f, long ownerId) {
        return projects.create(f.withOwner(ownerId), admin());
    }

    public ProjectDetails projectAssignedTo(String name, Region region, long commissionerId) {
        return projects.create(form(name, region, "1500").withCommissioner(commissionerId), admin());
    }

    public record County(Region region, Region town, int n) {
    }
}
